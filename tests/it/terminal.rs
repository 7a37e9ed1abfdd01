//! The learner's trainer driven through its real update and views on a `TestBackend`: every
//! screen snapshotted at 80x24 and 120x40, key sequences to each ending, timers, and the loop
//! storing records.

use std::cell::Cell;
use std::collections::VecDeque;
use std::time::Duration;

use canteen::library::{Library, Pack};
use canteen::present::theme::{Theme, ThemeName};
use canteen::records::Store;
use canteen::service::{Clock, Trainer};
use canteen::terminal::app::{App, Effect, Moment, Msg, Overlay, Screen};
use canteen::terminal::{Events, Stop, run_loop};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// The documented example, as the trainer's tests (and the keymap tests) play it.
pub(crate) fn library() -> Library {
    Library::load(&Pack::Paths(vec![
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/examples/night-shift-post.ron"
        )
        .into(),
    ]))
}

/// A trainer on the example for a learner who has given a name.
pub(crate) fn app() -> App {
    let learner = canteen::records::Learner {
        name: "Sam Example".into(),
        asked: true,
        untimed: false,
    };
    App::new(library(), Theme::new(ThemeName::Default, false), 7).with_records(
        learner,
        vec![],
        vec![],
    )
}

fn at(secs: u64) -> Moment {
    Moment {
        mono: Duration::from_secs(secs),
        wall: Timestamp::from_second(1_790_000_000 + secs as i64).unwrap(),
    }
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn press(app: &mut App, c: char) -> Vec<Effect> {
    app.update(key(KeyCode::Char(c)), at(1))
}

fn enter(app: &mut App) -> Vec<Effect> {
    app.update(key(KeyCode::Enter), at(1))
}

/// Makes the choice with this id by pressing its number.
fn choose(app: &mut App, id: &str) -> Vec<Effect> {
    let a = app.attempt.as_ref().expect("playing");
    let s = a.session.scenario();
    let i = a
        .session
        .offered()
        .iter()
        .position(|&c| s.choice(c).id == id)
        .unwrap_or_else(|| panic!("{id} not offered"));
    press(app, char::from(b'1' + i as u8))
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.size = (w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(&*app, f.area())).unwrap();
    t.backend().to_string()
}

fn snap(name: &str, app: &mut App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), screen(app, 120, 40));
}

#[test]
fn home_lists_scenarios_with_status() {
    let mut a = app();
    snap("home", &mut a);
}

#[test]
fn first_run_asks_for_a_name_once() {
    let mut a = App::new(library(), Theme::new(ThemeName::Default, false), 7).with_records(
        Default::default(),
        vec![],
        vec![],
    );
    snap("name_prompt", &mut a);
    for c in "A12345".chars() {
        press(&mut a, c);
    }
    let effects = enter(&mut a);
    assert_eq!(effects, vec![Effect::SetLearner("A12345".into())]);
    // Then, once, whether to keep time limits; Enter keeps them and writes nothing.
    assert_eq!(a.overlay, Some(Overlay::Timing(None)));
    snap("first_timing", &mut a);
    assert!(enter(&mut a).is_empty());
    assert!(a.overlay.is_none());
    assert!(!a.learner.untimed);
    assert!(screen(&mut a, 80, 24).contains("Learner: A12345"));
    // Asked again later (n), the name box does not bring the question back.
    press(&mut a, 'n');
    enter(&mut a);
    assert!(a.overlay.is_none());
}

#[test]
fn help_lists_every_key() {
    let mut a = app();
    press(&mut a, '?');
    snap("help", &mut a);
    press(&mut a, '?');
    assert!(a.overlay.is_none());
}

#[test]
fn scene_feedback_and_ending_screens() {
    let mut a = app();
    enter(&mut a);
    assert_eq!(a.screen, Screen::Scene);
    snap("scene", &mut a);
    let effects = choose(&mut a, "post-detail");
    assert!(matches!(effects.as_slice(), [Effect::SaveProgress(p)] if p.steps.len() == 1));
    snap("feedback_critical", &mut a);
    enter(&mut a);
    choose(&mut a, "confess-post");
    enter(&mut a);
    assert_eq!(a.screen, Screen::Ending);
    snap("ending_failed", &mut a);
}

#[test]
fn the_best_path_passes_and_is_recorded() {
    let mut a = app();
    enter(&mut a);
    choose(&mut a, "proud-team");
    snap("feedback_upheld", &mut a);
    enter(&mut a);
    let effects = choose(&mut a, "debrief");
    let [Effect::RecordAttempt(record)] = effects.as_slice() else {
        panic!("expected a record, got {effects:?}")
    };
    let record = record.clone();
    // The home screen shows what the record store holds once the shell has written it.
    let mut trainer = Trainer::new(library(), Store::in_memory().unwrap(), 0);
    canteen::terminal::apply(&mut trainer, effects, &mut a, &FakeClock(Cell::new(1)));
    assert!(record.passed);
    assert_eq!(record.overall, 90);
    assert_eq!(record.learner, "Sam Example");
    assert_eq!(record.steps.len(), 2);
    enter(&mut a);
    snap("ending_passed", &mut a);
    press(&mut a, 'r');
    assert_eq!(a.screen, Screen::Scene, "r tries again");
    a.update(key(KeyCode::Esc), at(2));
    assert_eq!(a.screen, Screen::Home);
    assert!(screen(&mut a, 80, 24).contains("passed, best 90%"));
}

#[test]
fn arrows_and_enter_choose_too() {
    let mut a = app();
    enter(&mut a);
    a.update(key(KeyCode::Down), at(1));
    let chosen = a.attempt.as_ref().map(|x| x.session.offered()[1]).unwrap();
    enter(&mut a);
    let Screen::Feedback(step) = &a.screen else {
        panic!("feedback expected")
    };
    assert_eq!(step.choice, chosen);
}

#[test]
fn a_mouse_click_on_a_choice_makes_it() {
    let mut a = app();
    enter(&mut a);
    a.size = (80, 24);
    let layout = canteen::terminal::layout::scene(&a, ratatui::layout::Rect::new(0, 0, 80, 24));
    let target = layout.choices[2];
    let chosen = a.attempt.as_ref().map(|x| x.session.offered()[2]).unwrap();
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: target.x + 4,
        row: target.y,
        modifiers: KeyModifiers::NONE,
    };
    a.update(Msg::Mouse(click), at(1));
    let Screen::Feedback(step) = &a.screen else {
        panic!("feedback expected")
    };
    assert_eq!(step.choice, chosen);
}

#[test]
fn quitting_mid_scenario_asks_first() {
    let mut a = app();
    enter(&mut a);
    press(&mut a, 'q');
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    snap("confirm_quit", &mut a);
    press(&mut a, 'n');
    assert!(!a.quit && a.overlay.is_none());
    press(&mut a, 'q');
    press(&mut a, 'y');
    assert!(a.quit);
}

#[test]
fn a_stop_signal_quits_at_once_without_asking() {
    let mut a = app();
    enter(&mut a);
    choose(&mut a, "proud-team");
    let stop = Stop {
        signal: 15,
        name: "SIGTERM",
    };
    // Progress was saved with the choice; stopping saves nothing more and asks nothing.
    assert!(a.update(Msg::Stop(stop), at(2)).is_empty());
    assert!(a.quit && a.overlay.is_none());
    assert_eq!(a.stopped, Some(stop));
    assert_eq!(stop.exit_code(), 143);
    assert_eq!(
        stop.describe(),
        "canteen stopped because it was asked to (SIGTERM)"
    );
}

#[test]
fn saved_progress_offers_to_carry_on() {
    let mut a = app();
    enter(&mut a);
    let effects = choose(&mut a, "proud-team");
    let Some(Effect::SaveProgress(progress)) = effects.first().cloned() else {
        panic!()
    };
    // A new session of the trainer, with that progress in the store.
    let learner = canteen::records::Learner {
        name: String::new(),
        asked: true,
        untimed: false,
    };
    let mut b = App::new(library(), Theme::new(ThemeName::Default, false), 99).with_records(
        learner,
        vec![progress],
        vec![],
    );
    assert!(screen(&mut b, 80, 24).contains("in progress"));
    enter(&mut b);
    snap("resume_prompt", &mut b);
    press(&mut b, 'c');
    assert_eq!(b.screen, Screen::Scene);
    let session = &b.attempt.as_ref().unwrap().session;
    assert_eq!(session.scene().unwrap().id, "later");
    assert!(session.flags().contains(&"posted-proud"));
}

/// Opens the example, posts in the group chat and carries on: true when this seed's draw led to
/// the timed scene.
fn on_to_the_screenshot(a: &mut App) -> bool {
    enter(a);
    choose(a, "post-chat");
    a.update(key(KeyCode::Enter), at(10));
    a.attempt
        .as_ref()
        .unwrap()
        .session
        .scene()
        .is_some_and(|s| s.id == "screenshot")
}

#[test]
fn the_timer_counts_down_and_plays_the_consequence() {
    // Find a seed whose draw after the group-chat message leads to the timed scene.
    for seed in 0..64 {
        let mut a = App::new(library(), Theme::new(ThemeName::Default, false), seed).with_records(
            canteen::records::Learner {
                name: String::new(),
                asked: true,
                untimed: false,
            },
            vec![],
            vec![],
        );
        if !on_to_the_screenshot(&mut a) {
            continue;
        }
        // The decision says how long it has before the countdown starts, and waits meanwhile.
        assert_eq!(a.overlay, Some(Overlay::Timing(Some(90))));
        assert!(screen(&mut a, 80, 24).contains("You will have 1 minute 30 seconds to make this"));
        a.update(Msg::Tick, at(30));
        assert_eq!(a.countdown.unwrap().remaining, Duration::from_secs(90));
        a.update(key(KeyCode::Enter), at(40));
        assert_eq!(a.overlay, None);
        a.update(Msg::Tick, at(70));
        assert_eq!(a.countdown.unwrap().remaining, Duration::from_secs(60));
        snap("scene_timed", &mut a);
        // Help pauses the clock.
        press(&mut a, '?');
        a.update(Msg::Tick, at(100));
        press(&mut a, '?');
        a.update(Msg::Tick, at(100));
        assert_eq!(a.countdown.unwrap().remaining, Duration::from_secs(60));
        a.update(Msg::Tick, at(161));
        let Screen::Feedback(step) = &a.screen else {
            panic!("time ran out into feedback")
        };
        assert!(step.timed_out);
        assert!(screen(&mut a, 80, 24).contains("Time ran out"));
        return;
    }
    panic!("no seed drew the screenshot");
}

#[test]
fn a_small_terminal_is_told_the_size_needed() {
    let mut a = app();
    insta::assert_snapshot!("too_small", screen(&mut a, 60, 16));
}

#[test]
fn the_role_filter_narrows_the_list() {
    let mut a = app();
    press(&mut a, 'f');
    assert_eq!(a.role_filter.as_deref(), Some("nurse"));
    assert!(screen(&mut a, 80, 24).contains("Showing scenarios for: Nurse"));
    press(&mut a, 'f');
    press(&mut a, 'f');
    assert_eq!(a.role_filter, None, "cycles back to all");
}

#[test]
fn an_invalid_scenario_is_listed_as_unavailable() {
    // Relative paths (tests run in the package folder), so the snapshot does not depend on
    // where the project is checked out.
    let lib = Library::load(&Pack::Paths(vec![
        "docs/examples/night-shift-post.ron".into(),
        "tests/fixtures/invalid/ct013-dangling-target.ron".into(),
    ]));
    let mut a = App::new(lib, Theme::new(ThemeName::HighContrast, false), 1).with_records(
        canteen::records::Learner {
            name: String::new(),
            asked: true,
            untimed: false,
        },
        vec![],
        vec![],
    );
    a.update(key(KeyCode::Down), at(1));
    assert!(screen(&mut a, 80, 24).contains("unavailable"));
    enter(&mut a);
    assert!(matches!(&a.overlay, Some(Overlay::Notice(m)) if m.contains("CT013")));
    snap("unavailable_notice", &mut a);
}

struct Script(VecDeque<Msg>);

impl Events for Script {
    fn next(&mut self, _timeout: Option<Duration>) -> std::io::Result<Option<Msg>> {
        Ok(Some(self.0.pop_front().unwrap_or(Msg::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )))))
    }
}

struct FakeClock(Cell<u64>);

impl Clock for FakeClock {
    fn now(&self) -> Moment {
        self.0.set(self.0.get() + 1);
        at(self.0.get())
    }
}

#[test]
fn the_loop_stores_progress_and_the_finished_attempt() {
    let mut a = app();
    let mut trainer = Trainer::new(library(), Store::in_memory().unwrap(), 0);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let first = a.update(key(KeyCode::Enter), at(0));
    assert!(first.is_empty());
    let offered: Vec<String> = {
        let s = &a.attempt.as_ref().unwrap().session;
        s.offered_choices().map(|c| c.id.clone()).collect()
    };
    let pick = |id: &str| {
        key(KeyCode::Char(char::from(
            b'1' + offered.iter().position(|x| x == id).unwrap() as u8,
        )))
    };
    let mut script = Script(VecDeque::from(vec![
        pick("proud-team"),
        key(KeyCode::Enter),
    ]));
    run_loop(
        &mut terminal,
        &mut a,
        &mut trainer,
        &mut script,
        &FakeClock(Cell::new(0)),
    )
    .unwrap();
    let saved = trainer
        .store()
        .progress("night-shift-post")
        .unwrap()
        .expect("progress saved after the choice");
    assert_eq!(saved.steps.len(), 1);
    // Carry on in the same app: the last decision finishes and records the attempt.
    a.quit = false;
    let id = {
        let s = &a.attempt.as_ref().unwrap().session;
        s.offered()
            .iter()
            .position(|&c| s.scenario().choice(c).id == "debrief")
            .unwrap()
    };
    let mut script = Script(VecDeque::from(vec![
        key(KeyCode::Char(char::from(b'1' + id as u8))),
        key(KeyCode::Enter),
    ]));
    run_loop(
        &mut terminal,
        &mut a,
        &mut trainer,
        &mut script,
        &FakeClock(Cell::new(100)),
    )
    .unwrap();
    let attempts = trainer.store().attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert!(attempts[0].passed);
    assert!(
        trainer
            .store()
            .progress("night-shift-post")
            .unwrap()
            .is_none(),
        "progress cleared with the record"
    );
}

#[test]
fn key_presses_reach_every_ending_of_every_shipped_scenario() {
    use rand::{RngExt, SeedableRng};
    let library = Library::load(&Pack::Shipped);
    let scenarios: Vec<_> = library.scenarios().cloned().collect();
    assert_eq!(scenarios.len(), crate::support::shipped_files());
    for (row, scenario) in scenarios.iter().enumerate() {
        let mut missing: std::collections::BTreeSet<String> =
            scenario.endings().iter().map(|e| e.id.clone()).collect();
        let mut keys = rand_chacha::ChaCha8Rng::seed_from_u64(row as u64);
        for seed in 0..400u64 {
            if missing.is_empty() {
                break;
            }
            let mut a = App::new(
                Library::load(&Pack::Shipped),
                Theme::new(ThemeName::Default, false),
                seed,
            )
            .with_records(
                canteen::records::Learner {
                    name: String::new(),
                    asked: true,
                    untimed: false,
                },
                vec![],
                vec![],
            );
            press(&mut a, char::from(b'1' + row as u8).min('9'));
            for _ in 0..row.saturating_sub(8) {
                a.update(key(KeyCode::Down), at(1));
            }
            enter(&mut a);
            for _ in 0..50 {
                match &a.screen {
                    Screen::Scene if a.overlay.is_some() => {
                        enter(&mut a);
                    }
                    Screen::Scene => {
                        let n = a.attempt.as_ref().unwrap().session.offered().len();
                        press(&mut a, char::from(b'1' + keys.random_range(0..n) as u8));
                    }
                    Screen::Feedback(_) => {
                        enter(&mut a);
                    }
                    _ => break,
                }
            }
            assert_eq!(
                a.screen,
                Screen::Ending,
                "{}: the walk ends",
                scenario.meta().id
            );
            missing.remove(&a.attempt.as_ref().unwrap().session.ending().unwrap().id);
        }
        assert!(
            missing.is_empty(),
            "{}: endings never reached by keys: {missing:?}",
            scenario.meta().id
        );
    }
}

/// The real binary in a pseudo-terminal (util-linux `script`), stopped by SIGTERM as a shutdown
/// or `kill` would: it puts the terminal back (leaves the alternate screen, shows the cursor),
/// says why and that progress is kept, and exits with 128 + 15.
#[cfg(target_os = "linux")]
#[test]
fn a_stopped_trainer_puts_the_real_terminal_back() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::Instant;

    if Command::new("script").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs util-linux's `script` for this test"
        );
        eprintln!("skipped: util-linux's `script` is not installed");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("canteen");
    let line = format!(
        "stty cols 100 rows 30; exec '{}' --data-dir '{}'",
        bin.display(),
        data.path().display()
    );
    let mut script = Command::new("script")
        .args(["-qfec", &line, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script starts");
    let mut stdout = script.stdout.take().unwrap();
    let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let reader = {
        let output = std::sync::Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                output.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let text = || String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
    // The first frame is drawn once the trainer listens for signals.
    let started = Instant::now();
    while !text()
        .split_once("\x1b[?1049h")
        .is_some_and(|(_, after)| after.contains("canteen"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no first frame: {:?}",
            text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let trainer = descendants(script.id())
        .into_iter()
        .find(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "canteen")
        })
        .expect("the trainer runs under script");
    let killed = Command::new("kill")
        .args(["-TERM", &trainer.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = loop {
        if let Some(status) = script.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "still running");
        std::thread::sleep(Duration::from_millis(50));
    };
    reader.join().unwrap();
    let text = text();
    let after = text.rsplit_once("\x1b[?1049h").unwrap().1;
    assert!(after.contains("\x1b[?1049l"), "left the alternate screen");
    assert!(after.contains("\x1b[?25h"), "showed the cursor");
    assert!(
        after.contains("canteen stopped because it was asked to (SIGTERM)"),
        "{after:?}"
    );
    assert!(after.contains("Your progress is saved"));
    assert_eq!(status.code(), Some(143));
}

/// Every process below `pid`, children first.
#[cfg(target_os = "linux")]
fn descendants(pid: u32) -> Vec<u32> {
    let mut all = Vec::new();
    let mut queue = vec![pid];
    while let Some(p) = queue.pop() {
        let children =
            std::fs::read_to_string(format!("/proc/{p}/task/{p}/children")).unwrap_or_default();
        for c in children.split_whitespace().filter_map(|c| c.parse().ok()) {
            all.push(c);
            queue.push(c);
        }
    }
    all
}

/// No time limits, chosen on the first run or on the list: a timed decision waits however long
/// the learner takes, says so, and the choice reaches the record store.
#[test]
fn with_no_time_limits_a_timed_decision_waits_for_the_learner() {
    for seed in 0..64 {
        let mut a = App::new(library(), Theme::new(ThemeName::Default, false), seed).with_records(
            canteen::records::Learner::default(),
            vec![],
            vec![],
        );
        // First run: the name, then the question about time limits.
        enter(&mut a);
        assert_eq!(a.overlay, Some(Overlay::Timing(None)));
        assert!(screen(&mut a, 80, 30).contains("turn time limits off"));
        let effects = a.update(key(KeyCode::Char('t')), at(1));
        assert_eq!(effects, [Effect::SetUntimed(true)]);
        assert!(a.learner.untimed);
        assert!(screen(&mut a, 100, 30).contains("No time limits (t to turn them on)"));
        if !on_to_the_screenshot(&mut a) {
            continue;
        }
        assert_eq!(a.overlay, None, "no countdown to announce");
        assert_eq!(a.countdown, None);
        a.update(Msg::Tick, at(10_000));
        assert_eq!(a.screen, Screen::Scene, "an hour later it still waits");
        assert!(screen(&mut a, 100, 40).contains("there are no time limits for you"));
        // Turning them on again on the list is remembered too.
        a.update(key(KeyCode::Esc), at(10_001));
        let effects = a.update(key(KeyCode::Char('t')), at(10_002));
        assert_eq!(effects, [Effect::SetUntimed(false)]);
        return;
    }
    panic!("no seed drew the screenshot");
}
