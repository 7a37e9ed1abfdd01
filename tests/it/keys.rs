//! Keys as data: every key of every table is in its screen's help as drawn, pressing it on
//! its screen asks for the table's action, and the README's key tables name exactly the
//! tables' keys.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use crate::terminal::{app, library};
use canteen::library::{Library, Pack};
use canteen::present::keymap::{Keymap, names};
use canteen::present::theme::{Theme, ThemeName};
use canteen::terminal::app::{App, Moment, Msg, Overlay, Screen};
use canteen::terminal::keys;
use canteen::workshop::app::{Msg as WorkshopMsg, Overlay as WorkshopOverlay, Phase, Workshop};
use canteen::workshop::keys as workshop_keys;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::widgets::Widget;

fn at() -> Moment {
    Moment {
        mono: Duration::from_secs(1),
        wall: Timestamp::from_second(1_790_000_000).unwrap(),
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), at());
}

/// What is drawn in the columns of a box `box_width` wide centred on the screen, as one line
/// with runs of spaces and box edges made single spaces, so a help line wrapped in its box
/// reads whole and nothing beside the box comes between its rows.
fn drawn(widget: impl Widget, w: u16, h: u16, box_width: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(widget, f.area())).unwrap();
    let buf = t.backend().buffer();
    let left = (w - box_width) / 2;
    let rows: Vec<String> = (0..h)
        .map(|y| {
            (left..left + box_width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    collapse(&rows.join(" ").replace('│', " "))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a label that name keys: `↑ ↓  j k` is ↑, ↓, j, k; `y / Enter / q` is y,
/// Enter, q; `?, Esc, h, Enter or q` is ?, Esc, h, Enter, q.
fn label_names(label: &str) -> BTreeSet<String> {
    label
        .split([' ', ','])
        .filter(|w| !w.is_empty() && *w != "/" && *w != "or")
        .map(str::to_string)
        .collect()
}

/// Every line of help names its keys and only them; within a table a key has one action.
fn assert_labels_name_their_keys<A: Copy + PartialEq + std::fmt::Debug>(
    map: &Keymap<A>,
    fold_case: bool,
) {
    for (label, _) in map.help_lines() {
        let keys = map
            .bindings
            .iter()
            .filter(|b| b.label == label)
            .flat_map(|b| b.keys.iter().map(|(k, _)| *k));
        let mut named: BTreeSet<String> = names(keys).into_iter().collect();
        let mut shown = label_names(label);
        if fold_case {
            named = named.into_iter().map(|n| n.to_uppercase()).collect();
            shown = shown.into_iter().map(|n| n.to_uppercase()).collect();
        }
        if !named.is_empty() {
            assert_eq!(named, shown, "the label {label:?} of {:?}", map.title);
        }
    }
    let presses = map.presses();
    for (i, (k, a)) in presses.iter().enumerate() {
        for (k2, a2) in &presses[i + 1..] {
            assert!(k != k2 || a == a2, "{k:?} twice in {:?}", map.title);
        }
    }
}

/// Each line of each table is in the drawn text, keys then what they do.
fn assert_in_help<A: Copy>(maps: &[&Keymap<A>], text: &str) {
    for map in maps {
        for (label, what) in map.help_lines() {
            let line = collapse(&format!("{label} {what}"));
            assert!(text.contains(&line), "{line:?} is not in the help:\n{text}");
        }
    }
}

/// Pressing each key of the tables in play gives the action of the first table that binds
/// it, and every key of the screen's own table gives that table's action.
fn assert_presses<A: Copy + PartialEq + std::fmt::Debug>(
    maps: &[&Keymap<A>],
    action: impl Fn(KeyEvent) -> Option<A>,
) {
    let mut taken: Vec<KeyEvent> = Vec::new();
    for map in maps {
        for (k, a) in map.presses() {
            if !taken.contains(&k) {
                assert_eq!(action(k), Some(a), "{k:?} in {:?}", map.title);
            }
        }
        taken.extend(map.presses().into_iter().map(|(k, _)| k));
    }
}

/// The trainer on each of its screens and boxes.
fn trainer_states() -> Vec<(&'static str, App)> {
    let home = app();
    let mut scene = app();
    press(&mut scene, KeyCode::Enter);
    assert_eq!(scene.screen, Screen::Scene);
    let mut feedback = app();
    press(&mut feedback, KeyCode::Enter);
    press(&mut feedback, KeyCode::Char('1'));
    assert!(matches!(feedback.screen, Screen::Feedback(_)));
    let mut ending = app();
    press(&mut ending, KeyCode::Enter);
    for _ in 0..40 {
        if ending.screen == Screen::Ending {
            break;
        }
        press(&mut ending, KeyCode::Char('1'));
        press(&mut ending, KeyCode::Enter);
    }
    assert_eq!(ending.screen, Screen::Ending);
    let mut help = app();
    press(&mut help, KeyCode::Char('?'));
    let mut quit = app();
    press(&mut quit, KeyCode::Enter);
    press(&mut quit, KeyCode::Char('q'));
    assert_eq!(quit.overlay, Some(Overlay::ConfirmQuit));
    vec![
        ("home", home),
        ("scene", scene),
        ("feedback", feedback),
        ("ending", ending),
        ("help", help),
        ("quit", quit),
    ]
}

#[test]
fn every_trainer_key_is_in_the_help_and_does_what_its_table_says() {
    for map in keys::help_sections().into_iter().chain([
        &*keys::HELP_BOX,
        &keys::CONFIRM_QUIT,
        &keys::RESUME,
    ]) {
        assert_labels_name_their_keys(map, false);
    }
    let mut help = app();
    press(&mut help, KeyCode::Char('?'));
    help.size = (120, 60);
    assert_in_help(&keys::help_sections(), &drawn(&help, 120, 60, 76));
    let mut quit = app();
    press(&mut quit, KeyCode::Enter);
    press(&mut quit, KeyCode::Char('q'));
    assert_in_help(&[&keys::CONFIRM_QUIT], &drawn(&quit, 120, 40, 62));
    for (name, app) in trainer_states() {
        let maps = app.keymaps();
        assert!(
            maps.len() == 2,
            "{name}: a screen's table, then everywhere's"
        );
        assert_presses(&maps, |k| app.action(k));
    }
}

#[test]
fn the_screens_hint_bars_are_their_tables_hints() {
    for (name, mut app) in trainer_states() {
        if app.overlay.is_some() {
            continue;
        }
        app.size = (120, 40);
        let hint = canteen::present::keymap::hint(app.keymaps());
        assert!(drawn(&app, 120, 40, 120).ends_with(&hint), "{name}: {hint}");
    }
}

#[test]
fn every_preview_key_is_in_the_preview_help() {
    assert_labels_name_their_keys(&keys::PREVIEW, false);
    assert_labels_name_their_keys(&keys::PREVIEW_LIST, false);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/examples/night-shift-post.ron"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut p = canteen::terminal::preview::Preview::new(
        "night-shift-post.ron".into(),
        &text,
        library().catalogue,
        Theme::new(ThemeName::Default, false),
        3,
        jiff::tz::TimeZone::UTC,
        at(),
    );
    p.update(Msg::Resize(100, 50), at());
    p.update(
        Msg::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)),
        at(),
    );
    assert_in_help(&[&*keys::PREVIEW], &drawn(&p, 100, 50, 76));
    // The trainer's keys in brief there are keys the trainer has.
    let trainer: BTreeSet<String> = keys::help_sections()
        .iter()
        .flat_map(|m| m.bindings.iter().flat_map(|b| b.names()))
        .collect();
    for (_, brief) in canteen::terminal::text::PREVIEW_TRAINER_BRIEF {
        for (label, _) in *brief {
            for name in label_names(label) {
                assert!(trainer.contains(&name), "{name} in the preview's brief");
            }
        }
    }
}

fn workshop() -> Workshop {
    let lib = Library::load(&Pack::Paths(vec![
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples").into(),
    ]));
    let scenario = Arc::clone(lib.find("night-shift-post").unwrap());
    let join = canteen::workshop::join::join_info("http://127.0.0.1:8123", "KX7P");
    Workshop::new(
        scenario,
        5,
        Theme::new(ThemeName::Default, false),
        Some(join),
    )
}

#[test]
fn every_projector_key_is_in_the_help_and_does_what_its_table_says() {
    for map in workshop_keys::all() {
        assert_labels_name_their_keys(map, true);
    }
    let mut w = workshop();
    w.update(WorkshopMsg::Key(KeyEvent::new(
        KeyCode::Char('?'),
        KeyModifiers::NONE,
    )));
    assert_eq!(w.overlay, Some(WorkshopOverlay::Help));
    w.size = (200, 50);
    // One line per key, with all it does in every phase.
    let text = drawn(&w, 200, 50, 84);
    let lines = workshop_keys::help_lines();
    for (label, what) in &lines {
        let line = collapse(&format!("{label} {what}"));
        assert!(text.contains(&line), "{line:?} is not in the help:\n{text}");
    }
    for map in workshop_keys::all() {
        for b in &map.bindings {
            let (_, what) = lines.iter().find(|(l, _)| *l == b.label).unwrap();
            assert!(what.contains(b.help), "{:?} in {:?}", b.help, map.title);
        }
    }
    let phases = [
        Phase::Lobby,
        Phase::Reading,
        Phase::Voting,
        Phase::Closing,
        Phase::Closed,
        Phase::Revealed,
        Phase::Feedback {
            order: vec![0, 1],
            shown: 0,
        },
        Phase::Summary,
    ];
    let mut w = workshop();
    for phase in phases {
        w.phase = phase;
        let maps = w.keymaps();
        assert_presses(&maps, |k| w.action(k));
        // Letters are read in either case on the projector.
        for (k, a) in maps[0].presses() {
            if let KeyCode::Char(c) = k.code {
                let upper = KeyEvent::new(KeyCode::Char(c.to_ascii_uppercase()), k.modifiers);
                assert_eq!(w.action(upper), Some(a));
            }
        }
    }
}

/// The key tables of the README: each row's name and the keys it names in backticks, a
/// range such as `1`-`9` as one name.
fn readme_rows() -> Vec<(String, BTreeSet<String>)> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut rows: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut table = "";
    for line in readme.lines() {
        if line.starts_with("| where | keys |") {
            table = "trainer";
            continue;
        }
        if line.starts_with("| facilitator's keys |") {
            table = "workshop";
            continue;
        }
        if !line.starts_with('|') {
            table = "";
            continue;
        }
        if table.is_empty() || line.starts_with("|---") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let (name, keys) = match table {
            "trainer" => (cells[0].to_string(), cells[1]),
            _ => ("facilitator".to_string(), cells[0]),
        };
        let keys = keys.replace("`-`", "-");
        let named: BTreeSet<String> = keys
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        match rows.iter_mut().find(|(n, _)| *n == name) {
            Some((_, set)) => set.extend(named),
            None => rows.push((name, named)),
        }
    }
    rows
}

fn key_names<A>(maps: &[&Keymap<A>]) -> BTreeSet<String> {
    maps.iter()
        .flat_map(|m| m.bindings.iter().flat_map(|b| b.names()))
        .collect()
}

#[test]
fn the_readme_lists_exactly_the_keys_of_the_tables() {
    let rows = readme_rows();
    let row = |name: &str| -> BTreeSet<String> {
        rows.iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("the README has no row {name:?}"))
            .1
            .clone()
    };
    let expected: Vec<(&str, BTreeSet<String>)> = vec![
        ("everywhere", key_names(&[&*keys::EVERYWHERE])),
        ("scenario list", key_names(&[&*keys::HOME])),
        ("a decision", key_names(&[&*keys::SCENE])),
        ("feedback", key_names(&[&*keys::FEEDBACK])),
        ("the end", key_names(&[&*keys::ENDING])),
        ("help", key_names(&[&*keys::HELP_BOX])),
        ("quit dialog", key_names(&[&*keys::CONFIRM_QUIT])),
        ("resume dialog", key_names(&[&*keys::RESUME])),
        ("timed decision", key_names(&[&*keys::TIMED])),
        (
            "time limits (first run)",
            key_names(&[&*keys::FIRST_TIMING]),
        ),
        ("`canteen preview`", key_names(&[&*keys::PREVIEW])),
        (
            "preview's scene list and problems",
            key_names(&[&*keys::PREVIEW_LIST]),
        ),
    ];
    for (name, keys) in &expected {
        assert_eq!(&row(name), keys, "the README's row {name:?}");
    }
    let mut workshop = key_names(&workshop_keys::all());
    workshop.extend(key_names(&[&*workshop_keys::CONFIRM_QUIT]));
    let upper = |s: BTreeSet<String>| -> BTreeSet<String> {
        s.into_iter().map(|n| n.to_uppercase()).collect()
    };
    assert_eq!(upper(row("facilitator")), upper(workshop));
    assert_eq!(rows.len(), expected.len() + 1, "a README row with no table");
}
