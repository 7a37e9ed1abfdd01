//! The author's preview driven through its real loop on a `TestBackend`, with a scripted event
//! source and a fake clock, while the scenario file is rewritten on disk between frames: edits
//! replayed at the same decision, a removed choice, a broken file and its fix, jumping to a
//! scene, restarting, and flags and scores.

use std::cell::Cell;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::Duration;

use canteen::model::Catalogue;
use canteen::present::theme::{Theme, ThemeName};
use canteen::service::{Clock, Status};
use canteen::terminal::Events;
use canteen::terminal::app::{Moment, Msg, Screen};
use canteen::terminal::preview::{Preview, Watch, run_loop};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const FIXTURE: &str = include_str!("../fixtures/preview/clinic-photo.ron");

fn at(secs: u64) -> Moment {
    Moment {
        mono: Duration::from_secs(secs),
        wall: Timestamp::from_second(1_790_000_000 + secs as i64).unwrap(),
    }
}

fn key(code: KeyCode) -> Step {
    Step::Msg(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn press(c: char) -> Step {
    key(KeyCode::Char(c))
}

/// One thing the script does: a message for the preview, or a save of the file (after which
/// the loop sees a timeout and looks at the file).
enum Step {
    Msg(Msg),
    Save(String),
}

struct Script {
    steps: VecDeque<Step>,
    path: PathBuf,
}

impl Events for Script {
    fn next(&mut self, _timeout: Option<Duration>) -> std::io::Result<Option<Msg>> {
        match self.steps.pop_front() {
            Some(Step::Msg(m)) => Ok(Some(m)),
            Some(Step::Save(text)) => {
                std::fs::write(&self.path, text)?;
                Ok(None)
            }
            // The script is done: Ctrl-C ends the loop.
            None => Ok(Some(Msg::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL,
            )))),
        }
    }
}

/// Each look at the clock is a second later.
struct FakeClock(Cell<u64>);

impl Clock for FakeClock {
    fn now(&self) -> Moment {
        self.0.set(self.0.get() + 1);
        at(self.0.get())
    }
}

/// A preview of the fixture copied into a temporary folder, on a test terminal.
struct Bench {
    _dir: tempfile::TempDir,
    path: PathBuf,
    preview: Preview,
    watch: Watch,
    terminal: Terminal<TestBackend>,
    clock: FakeClock,
}

fn bench(width: u16, height: u16) -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic-photo.ron");
    std::fs::write(&path, FIXTURE).unwrap();
    let (watch, text) = Watch::open(&path).unwrap();
    let preview = Preview::new(
        "clinic-photo.ron".into(),
        &text,
        Catalogue::shipped(),
        Theme::new(ThemeName::Default, false),
        7,
        jiff::tz::TimeZone::UTC,
        at(0),
    );
    Bench {
        _dir: dir,
        path,
        preview,
        watch,
        terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        clock: FakeClock(Cell::new(0)),
    }
}

impl Bench {
    /// Runs the real loop through the steps, then stops it.
    fn run(&mut self, steps: Vec<Step>) {
        let mut script = Script {
            steps: steps.into(),
            path: self.path.clone(),
        };
        run_loop(
            &mut self.terminal,
            &mut self.preview,
            &mut self.watch,
            &mut script,
            &self.clock,
        )
        .unwrap();
        self.preview.quit = false;
    }

    /// The key that makes the choice with this id where the session stands now.
    fn pick(&self, id: &str) -> Step {
        let session = &self.preview.app.attempt.as_ref().expect("playing").session;
        let s = session.scenario();
        let i = session
            .offered()
            .iter()
            .position(|&c| s.choice(c).id == id)
            .unwrap_or_else(|| panic!("{id} not offered"));
        press(char::from(b'1' + i as u8))
    }

    /// Makes the choices in turn, reading each one's feedback.
    fn play(&mut self, ids: &[&str]) {
        for id in ids {
            // A timed decision first says how long it has; Enter starts the countdown.
            if self.preview.app.overlay.is_some() {
                self.run(vec![key(KeyCode::Enter)]);
            }
            let pick = self.pick(id);
            self.run(vec![pick, key(KeyCode::Enter)]);
        }
    }

    fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }

    fn scene(&self) -> Option<String> {
        let session = &self.preview.app.attempt.as_ref()?.session;
        session.scene().map(|s| s.id.clone())
    }

    fn decisions(&self) -> Vec<String> {
        let a = self.preview.app.attempt.as_ref().expect("playing");
        a.progress.steps.iter().map(|s| s.choice.clone()).collect()
    }
}

/// The text with one choice (written one field a line) taken out.
fn without_choice(text: &str, id: &str) -> String {
    let at = text
        .find(&format!("id: \"{id}\""))
        .expect("the choice is in the text");
    let start = text[..at].rfind("Choice(").expect("the choice opens");
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = at + text[at..].find("),\n").expect("the choice closes") + "),\n".len();
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn saving_an_edit_shows_the_new_text_at_the_same_decision() {
    let mut b = bench(120, 40);
    assert_eq!(b.scene().as_deref(), Some("first"));
    b.play(&["ask-consent"]);
    assert_eq!(b.scene().as_deref(), Some("second"));
    assert!(b.screen().contains("asks for a photo"));
    let edited = FIXTURE.replace(
        "asks for a photo for the trust's page",
        "asks for a picture for the trust's news page",
    );
    b.run(vec![Step::Save(edited)]);
    assert!(b.screen().contains("asks for a picture"), "{}", b.screen());
    assert_eq!(b.scene().as_deref(), Some("second"), "the same decision");
    assert_eq!(b.decisions(), ["ask-consent"]);
    assert_eq!(b.preview.app.screen, Screen::Scene);
    assert!(
        b.preview.status.starts_with("reloaded 14:")
            && b.preview.status.contains("; replayed 1 decision"),
        "{}",
        b.preview.status
    );
    assert!(b.screen().contains("replayed 1 decision"));
}

#[test]
fn an_edit_on_the_feedback_screen_shows_the_new_feedback() {
    let mut b = bench(100, 30);
    let pick = b.pick("ask-consent");
    b.run(vec![pick]);
    assert!(matches!(b.preview.app.screen, Screen::Feedback(_)));
    let edited = FIXTURE.replace(
        "Nothing identifies a patient and everyone agreed.",
        "Nothing in the photo identifies a patient, and everyone agreed to it.",
    );
    b.run(vec![Step::Save(edited)]);
    assert!(matches!(b.preview.app.screen, Screen::Feedback(_)));
    assert!(
        b.screen().contains("everyone agreed to it"),
        "{}",
        b.screen()
    );
    b.run(vec![key(KeyCode::Enter)]);
    assert_eq!(b.scene().as_deref(), Some("second"));
}

#[test]
fn removing_a_chosen_choice_stops_the_session_there() {
    let mut b = bench(120, 40);
    b.play(&["ask-consent", "share-comms"]);
    assert_eq!(b.scene().as_deref(), Some("third"));
    let removed = without_choice(FIXTURE, "share-comms");
    b.run(vec![Step::Save(removed)]);
    assert_eq!(b.scene().as_deref(), Some("second"), "stopped at the gap");
    assert_eq!(b.decisions(), ["ask-consent"]);
    assert_eq!(b.preview.app.screen, Screen::Scene);
    assert!(
        b.preview.status.contains(
            "replayed 1 of 2 decisions: at decision 2, the choice \"share-comms\" has been removed; you are at scene \"second\""
        ),
        "{}",
        b.preview.status
    );
    assert!(b.screen().contains("The communications team asks"));
}

#[test]
fn a_broken_file_shows_its_problems_and_play_goes_on_until_it_is_fixed() {
    let mut b = bench(120, 40);
    b.play(&["ask-consent"]);
    // The first `next: "third"` is share-comms's.
    let broken = FIXTURE.replacen("next: \"third\"", "next: \"thrid\"", 1);
    b.run(vec![Step::Save(broken)]);
    assert!(b.preview.panel_visible());
    assert!(
        b.preview.status.starts_with("14:13:")
            && b.preview
                .status
                .contains(": 1 error; still playing the version of 14:13:"),
        "{}",
        b.preview.status
    );
    let screen = b.screen();
    assert!(screen.contains("Problems in clinic-photo.ron"), "{screen}");
    assert!(screen.contains("CT013"), "{screen}");
    insta::assert_snapshot!("preview_with_problems_120x40", screen);

    // Play goes on in the last good version.
    b.play(&["share-comms"]);
    assert_eq!(b.scene().as_deref(), Some("third"));
    assert!(b.preview.panel_visible(), "still broken");

    b.run(vec![Step::Save(FIXTURE.to_string())]);
    assert!(!b.preview.panel_visible());
    assert!(b.preview.diagnostics.is_empty());
    assert!(!b.screen().contains("Problems in"), "{}", b.screen());
    assert_eq!(b.scene().as_deref(), Some("third"));
    assert!(
        b.preview.status.contains("replayed 2 decisions"),
        "{}",
        b.preview.status
    );
}

#[test]
fn on_a_narrow_terminal_d_shows_the_problems_full_screen() {
    let mut b = bench(80, 24);
    let broken = FIXTURE.replace("next: \"third\"", "next: \"thrid\"");
    b.run(vec![Step::Save(broken)]);
    assert_eq!(b.preview.diagnostics.len(), 3);
    assert!(!b.preview.panel_visible(), "no room beside the story");
    assert!(
        b.screen().contains("d shows the problems"),
        "{}",
        b.screen()
    );
    assert!(b.screen().contains("The clinic is over"), "still playing");
    b.run(vec![press('d')]);
    assert!(b.preview.diagnostics_full_screen());
    insta::assert_snapshot!("preview_problems_full_screen_80x24", b.screen());
    b.run(vec![key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(b.preview.panel_scroll, 2, "the problems scroll");
    b.run(vec![key(KeyCode::Esc)]);
    assert!(!b.preview.diagnostics_full_screen());
    assert!(b.screen().contains("The clinic is over"));
}

#[test]
fn a_file_broken_from_the_start_shows_its_problems_until_it_validates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic-photo.ron");
    std::fs::write(
        &path,
        FIXTURE.replace("start: \"first\"", "start: \"frist\""),
    )
    .unwrap();
    let (watch, text) = Watch::open(&path).unwrap();
    let preview = Preview::new(
        "clinic-photo.ron".into(),
        &text,
        Catalogue::shipped(),
        Theme::new(ThemeName::Default, false),
        7,
        jiff::tz::TimeZone::UTC,
        at(0),
    );
    let mut b = Bench {
        _dir: dir,
        path,
        preview,
        watch,
        terminal: Terminal::new(TestBackend::new(100, 30)).unwrap(),
        clock: FakeClock(Cell::new(0)),
    };
    b.run(vec![]);
    assert!(b.preview.diagnostics_full_screen());
    assert!(b.screen().contains("CT013"), "{}", b.screen());
    assert!(
        b.preview
            .status
            .contains("fix it and save, and the preview starts")
    );
    b.run(vec![Step::Save(FIXTURE.to_string())]);
    assert!(!b.preview.diagnostics_full_screen());
    assert_eq!(b.scene().as_deref(), Some("first"));
    assert!(b.preview.status.contains("playing from the first scene"));
}

#[test]
fn jumping_to_a_scene_plays_the_shortest_route_and_its_timer_runs() {
    let mut b = bench(120, 40);
    b.run(vec![press('g')]);
    assert!(b.screen().contains("Jump to a scene"), "{}", b.screen());
    insta::assert_snapshot!("preview_jump_120x40", b.screen());
    b.run(vec![
        key(KeyCode::Down),
        key(KeyCode::Down),
        key(KeyCode::Enter),
    ]);
    assert_eq!(b.scene().as_deref(), Some("third"));
    assert_eq!(b.decisions(), ["ask-consent", "share-comms"]);
    assert!(
        b.preview.status.contains(
            "jumped to scene \"third\" by the shortest route (2 decisions): ask-consent, share-comms"
        ),
        "{}",
        b.preview.status
    );
    // The timed decision says how long it has, then counts down in the preview too.
    assert!(b.screen().contains("You will have"), "{}", b.screen());
    b.run(vec![key(KeyCode::Enter)]);
    let before = b.preview.app.countdown.expect("timed").remaining;
    b.run(vec![Step::Msg(Msg::Tick), Step::Msg(Msg::Tick)]);
    let after = b.preview.app.countdown.expect("timed").remaining;
    assert!(after < before, "{after:?} < {before:?}");
    assert!(
        b.screen().contains("left · Decision 3 of 3"),
        "{}",
        b.screen()
    );
}

#[test]
fn jumping_to_a_scene_no_play_reaches_says_so() {
    let mut b = bench(120, 40);
    // A scene nothing leads to is a warning, so the file still plays.
    let lonely = FIXTURE.replace(
        "    },\n    endings:",
        "        \"lonely\": Scene(\n            text: \"Nobody comes here.\",\n            choices: [\n                Choice(id: \"wait\", text: \"Wait.\", feedback: \"Nothing happens.\", effects: {\"engagement\": 1}, verdict: Best, next: \"good-end\"),\n                Choice(id: \"leave\", text: \"Leave.\", feedback: \"You go.\", effects: {\"engagement\": -1}, verdict: Weak, next: \"poor-end\"),\n            ],\n        ),\n    },\n    endings:",
    );
    assert_ne!(lonely, FIXTURE);
    b.run(vec![Step::Save(lonely)]);
    assert!(
        b.preview.status.contains("1 warning"),
        "{}",
        b.preview.status
    );
    assert!(b.screen().contains("CT030"), "warnings are shown too");
    b.run(vec![press('g'), key(KeyCode::End), key(KeyCode::Enter)]);
    assert_eq!(
        b.preview.status,
        "no play from the start reaches scene \"lonely\""
    );
    assert_eq!(
        b.scene().as_deref(),
        Some("first"),
        "play is left where it was"
    );
}

#[test]
fn restart_starts_a_fresh_session_at_the_first_scene() {
    let mut b = bench(100, 30);
    b.play(&["snap-anyway", "delete-it"]);
    assert_eq!(b.scene().as_deref(), Some("third"));
    b.run(vec![press('R')]);
    assert_eq!(b.scene().as_deref(), Some("first"));
    assert!(b.decisions().is_empty());
    assert_eq!(b.preview.app.screen, Screen::Scene);
    assert!(
        b.preview
            .app
            .attempt
            .as_ref()
            .unwrap()
            .session
            .flags()
            .is_empty()
    );
    assert_eq!(b.preview.status, "restarted at scene \"first\"");
}

#[test]
fn the_scores_box_shows_flags_and_points_so_far() {
    let mut b = bench(100, 30);
    b.play(&["snap-anyway"]);
    b.run(vec![press('s')]);
    let screen = b.screen();
    assert!(screen.contains("Flags and score so far"), "{screen}");
    assert!(screen.contains("Flags set: snapped"), "{screen}");
    assert!(screen.contains("Decisions: snap-anyway"), "{screen}");
    assert!(screen.contains("Patient confidentiality"), "{screen}");
    b.run(vec![key(KeyCode::Esc)]);
    assert!(b.preview.overlay.is_none());
}

#[test]
fn help_lists_the_preview_keys() {
    let mut b = bench(80, 24);
    b.run(vec![press('?')]);
    insta::assert_snapshot!("preview_help_80x24", b.screen());
    b.run(vec![press('?')]);
    assert!(b.preview.overlay.is_none());
}

#[test]
fn a_preview_keeps_no_records_and_quits_without_asking() {
    let mut b = bench(100, 30);
    b.play(&["ask-consent", "share-comms", "thank-team"]);
    assert_eq!(b.preview.app.screen, Screen::Ending);
    assert!(b.preview.app.statuses.is_empty());
    assert!(b.preview.app.visible().iter().all(|e| {
        e.scenario
            .as_ref()
            .is_none_or(|s| b.preview.app.statuses.of(&s.meta().id) == Status::New)
    }));
    assert!(!b.screen().contains("saved in"));
    b.run(vec![press('R')]);
    let q = Msg::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    b.preview.update(q, at(100));
    assert!(
        b.preview.quit,
        "q quits mid-scenario: there is no progress to keep"
    );
    assert!(b.preview.app.overlay.is_none());
}

#[test]
fn a_failed_expectation_is_shown_and_the_new_version_plays_on() {
    let mut b = bench(120, 40);
    b.play(&["ask-consent"]);
    // An expectation the story does not meet, and a change to the text to see it played.
    let failing = FIXTURE
        .replace(
            "asks for a photo for the trust's page",
            "asks for a picture for the trust's news page",
        )
        .replacen(
            "\n    endings: {",
            "\n    expect: [Critical(\"ask-consent\")],\n    endings: {",
            1,
        );
    assert_ne!(failing, FIXTURE);
    b.run(vec![Step::Save(failing)]);
    assert!(
        b.preview
            .diagnostics
            .iter()
            .any(|d| d.rule.code() == "CT050"),
        "{:?}",
        b.preview.diagnostics
    );
    assert!(
        b.preview
            .status
            .contains("replayed 1 decision; 1 expectation fails"),
        "{}",
        b.preview.status
    );
    assert!(b.screen().contains("asks for a picture"), "{}", b.screen());
    assert!(b.screen().contains("CT050"), "{}", b.screen());
}

#[test]
fn shift_d_shows_the_problems_full_screen_on_a_wide_terminal_too() {
    let mut b = bench(160, 40);
    let broken = FIXTURE.replacen("next: \"third\"", "next: \"thrid\"", 1);
    b.run(vec![Step::Save(broken)]);
    assert!(b.preview.panel_visible());
    b.run(vec![press('D')]);
    assert!(b.preview.diagnostics_full_screen());
    assert!(!b.preview.panel_visible());
    b.run(vec![press('D')]);
    assert!(!b.preview.diagnostics_full_screen());
    assert!(b.preview.panel_visible());
}
