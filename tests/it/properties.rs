//! Properties over any walk through any valid scenario: it ends, it never panics, scores stay
//! within the computed bounds, the bounds equal a brute-force search on small stories, and a
//! saved walk replays from its seed to the same play.

use std::sync::Arc;

use canteen::checks::check;
use canteen::engine::Scenario;
use canteen::engine::walk::random_walk;
use canteen::engine::{Dest, Draw, SavedStep, Session, replay};
use canteen::format::SourceFile;
use canteen::library::{Library, Pack};
use canteen::model::{Catalogue, Next, Target};
use proptest::prelude::*;

use crate::support::synthetic;

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

/// The text the learner read at each decision of a session, in order.
fn scene_texts(session: &Session) -> Vec<&str> {
    let s = session.scenario();
    session
        .history()
        .iter()
        .map(|step| s.scene(step.scene).texts[step.variant].as_str())
        .collect()
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
        .filter(|s| s.meta().id == "night-shift-post")
    {
        let start = Session::new(Arc::clone(&s), 0);
        for p in 0..s.principles().len() {
            let a = &s.analysis();
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
        for (i, e) in s.endings().iter().enumerate() {
            assert!(
                s.analysis().is_reached(canteen::model::EndingIx(i as u32)),
                "{}: {}",
                s.meta().id,
                e.id
            );
        }
        let _ = Target::Scene(s.start());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_walks_through_shipped_scenarios_end_within_bounds(seed in any::<u64>()) {
        for s in shipped_and_examples() {
            assert_walk_in_bounds(&random_walk(&s, seed));
        }
    }

    #[test]
    fn a_saved_walk_replays_from_its_seed_to_the_same_play(seed in any::<u64>()) {
        for s in shipped_and_examples() {
            let walk = random_walk(&s, seed);
            // Saved as the record store keeps it: the steps by id, as JSON, and the seed.
            let saved = serde_json::to_string(&SavedStep::from_session(&walk)).unwrap();
            let steps: Vec<SavedStep> = serde_json::from_str(&saved).unwrap();
            let (replayed, gap) = replay(&s, walk.seed(), &steps);
            prop_assert_eq!(gap, None, "{}: the whole walk replays", &s.meta().id);
            prop_assert_eq!(replayed.history(), walk.history(), "{}", &s.meta().id);
            prop_assert_eq!(scene_texts(&replayed), scene_texts(&walk), "{}", &s.meta().id);
            prop_assert_eq!(replayed.ending().map(|e| &e.id), walk.ending().map(|e| &e.id));
            prop_assert_eq!(
                serde_json::to_value(replayed.scorecard()).unwrap(),
                serde_json::to_value(walk.scorecard()).unwrap()
            );
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
        let a = &s.analysis();
        for p in 0..s.principles().len() {
            prop_assert_eq!(a.best(Dest::State(a.start()), p) as i32, brute_best(&start, p, true));
            prop_assert_eq!(a.worst(Dest::State(a.start()), p) as i32, brute_best(&start, p, false));
        }
    }
}
