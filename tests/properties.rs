//! Properties over any walk through any valid scenario: it ends, it never panics, scores stay
//! within the computed bounds, and the bounds equal a brute-force search on small stories.
//! Reading a large file in parts on several threads gives exactly what one read gives.

use std::sync::Arc;

use canteen::engine::walk::random_walk;
use canteen::engine::{Dest, Draw, Session};
use canteen::library::{Library, Pack};
use canteen::scenario::parse::split;
use canteen::scenario::{Catalogue, Next, Scenario, SourceFile, Target, check};
use proptest::prelude::*;

#[path = "support/synthetic.rs"]
mod synthetic;

fn shipped_and_examples() -> Vec<Arc<Scenario>> {
    let mut all: Vec<_> = Library::load(&Pack::Shipped).scenarios().cloned().collect();
    let examples = Library::load(&Pack::Paths(vec![
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples").into(),
    ]));
    all.extend(examples.scenarios().cloned());
    all
}

fn synthetic(scenes: usize, seed: u64) -> Arc<Scenario> {
    let file = SourceFile::new("synth.ron", synthetic::scenario(scenes, seed));
    let checked = check(Arc::new(file), &Catalogue::shipped());
    let first = checked.diagnostics.first().map(|d| d.short());
    checked
        .scenario
        .unwrap_or_else(|| panic!("synthetic scenario invalid: {first:?}"))
}

fn assert_walk_in_bounds(session: &Session) {
    assert!(session.is_finished(), "the walk ended");
    let card = session.scorecard();
    assert!(card.overall <= 100);
    for p in &card.principles {
        assert!(
            p.worst <= p.earned && p.earned <= p.best,
            "{} out of bounds: {p:?}",
            p.principle.id
        );
    }
}

/// The best total on principle `p` from a session's position, by trying every choice and
/// taking the least favourable draw: exponential, so only for small stories.
fn brute_best(session: &Session, p: usize, maximise: bool) -> i32 {
    if session.is_finished() {
        return 0;
    }
    let s = session.scenario();
    let scene = session.scene().unwrap();
    let mut moves: Vec<(String, bool)> = session
        .offered_choices()
        .map(|c| (c.id.clone(), false))
        .collect();
    if let Some(t) = scene.timer {
        moves.push((s.choice(t.expired).id.clone(), true));
    }
    let values = moves.iter().map(|(id, timer)| {
        let c = s.choice(s.choice_by_id(id).unwrap());
        let outcomes = match &c.next {
            Next::Go(_) => 1,
            Next::Chance(o) => o.len(),
        };
        let after = (0..outcomes).map(|i| {
            let mut next = session.clone();
            let draw = if outcomes > 1 {
                Draw::Outcome(i)
            } else {
                Draw::Random
            };
            if *timer {
                next.time_up_with(draw).unwrap()
            } else {
                next.choose_with(id, draw).unwrap()
            };
            brute_best(&next, p, maximise)
        });
        let after = if maximise {
            after.min().unwrap()
        } else {
            after.max().unwrap()
        };
        c.effects[p] + after
    });
    if maximise {
        values.max().unwrap()
    } else {
        values.min().unwrap()
    }
}

#[test]
fn bounds_equal_brute_force_on_the_example() {
    for s in shipped_and_examples()
        .into_iter()
        .filter(|s| s.meta.id == "night-shift-post")
    {
        let start = Session::new(Arc::clone(&s), 0);
        for p in 0..s.principles.len() {
            let a = &s.analysis;
            assert_eq!(
                a.best(Dest::State(a.start()), p) as i32,
                brute_best(&start, p, true)
            );
            assert_eq!(
                a.worst(Dest::State(a.start()), p) as i32,
                brute_best(&start, p, false)
            );
        }
    }
}

#[test]
fn every_ending_of_every_shipped_scenario_is_reachable() {
    for s in shipped_and_examples() {
        for (i, e) in s.endings.iter().enumerate() {
            assert!(
                s.analysis.is_reached(canteen::scenario::EndingIx(i as u32)),
                "{}: {}",
                s.meta.id,
                e.id
            );
        }
        let _ = Target::Scene(s.start);
    }
}

/// The raw model of a file read in one go, as ron reads it.
fn read_whole(text: &str) -> Result<String, String> {
    canteen::scenario::parse::ron_options()
        .from_str::<canteen::scenario::raw::RawScenario>(text)
        .map(|raw| format!("{raw:?}"))
        .map_err(|e| e.to_string())
}

#[test]
fn shipped_scenarios_read_in_parts_equal_one_read() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    for entry in std::fs::read_dir(dir).expect("the scenarios folder is readable") {
        let path = entry.expect("a folder entry").path();
        let text = std::fs::read_to_string(&path).expect("a readable scenario");
        let whole = read_whole(&text).expect("shipped scenarios parse");
        for parts in [2, 3, 7] {
            let cut = split::parse_in_parts(&text, parts)
                .unwrap_or_else(|| panic!("{} can be cut in {parts}", path.display()));
            assert_eq!(
                format!("{cut:?}"),
                whole,
                "{} in {parts} parts",
                path.display()
            );
        }
    }
}

#[test]
fn a_large_broken_file_gets_the_diagnostic_of_one_read() {
    let text = synthetic::scenario(2_000, 3);
    assert!(
        text.len() > split::MIN_BYTES,
        "large enough to be read in parts"
    );
    // Mistakes late in the file, so a part other than the first meets them.
    let head = "\"s1990\": Scene(";
    let late = text.rfind(head).expect("scene 1990 is written");
    let (before, after) = (&text[..late], &text[late + head.len()..]);
    let broken = [
        format!("{before}{head}colour: 1, {after}"),
        format!("{before}{head}text: \"open, {after}"),
        format!("{}/* {}", &text[..late], &text[late..]),
        text.replacen("pass_mark: 0,", "pass_mark: 0,\n  pass_mark: 1,", 1),
    ];
    for text in broken {
        let file = Arc::new(SourceFile::new("synth.ron", text.as_str()));
        let diagnostic = canteen::scenario::parse::parse(&file).expect_err("the file is broken");
        let expected = canteen::scenario::parse::parse_whole(&file).expect_err("ron rejects it");
        assert_eq!(diagnostic.render(100, false), expected.render(100, false));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_scenarios_read_in_parts_equal_one_read(scenes in 3usize..300, seed in any::<u64>(), parts in 2usize..9) {
        let text = synthetic::scenario(scenes, seed);
        let cut = split::parse_in_parts(&text, parts).expect("a generated scenario can be cut");
        prop_assert_eq!(format!("{cut:?}"), read_whole(&text).expect("it parses"));
    }

    #[test]
    fn random_walks_through_shipped_scenarios_end_within_bounds(seed in any::<u64>()) {
        for s in shipped_and_examples() {
            let walk = random_walk(&s, seed);
            assert_walk_in_bounds(&walk);
            // Replaying the same choices with the same seed gives the same session.
            let again = random_walk(&s, seed);
            prop_assert_eq!(walk.history(), again.history());
        }
    }

    #[test]
    fn random_walks_through_generated_scenarios_end_within_bounds(scenes in 3usize..40, seed in any::<u64>(), walk in any::<u64>()) {
        let s = synthetic(scenes, seed);
        assert_walk_in_bounds(&random_walk(&s, walk));
    }

    #[test]
    fn bounds_equal_brute_force_on_small_generated_scenarios(scenes in 3usize..9, seed in any::<u64>()) {
        let s = synthetic(scenes, seed);
        let start = Session::new(Arc::clone(&s), 0);
        let a = &s.analysis;
        for p in 0..s.principles.len() {
            prop_assert_eq!(a.best(Dest::State(a.start()), p) as i32, brute_best(&start, p, true));
            prop_assert_eq!(a.worst(Dest::State(a.start()), p) as i32, brute_best(&start, p, false));
        }
    }
}
