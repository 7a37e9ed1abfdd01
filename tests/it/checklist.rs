//! The local arrangements a manager chose, written out as a checklist: the same from the
//! service, `canteen checklist` and the web trainer, each line with its principles and sources.

use std::sync::Arc;

use canteen::engine::{Scenario, Session};
use canteen::library::{Library, Pack};
use canteen::model::Verdict;
use canteen::service::checklist;

use crate::support::attempts::{database, play};
use crate::support::binary::{canteen, stdout_of};
use crate::web::Served;

const ID: &str = "local-arrangements";

fn scenario() -> Arc<Scenario> {
    let library = Library::load(&Pack::Shipped);
    Arc::clone(
        library
            .find(ID)
            .expect("the local arrangements scenario ships"),
    )
}

/// A path of the author's best choices, decision by decision.
fn best_path(s: &Arc<Scenario>) -> Vec<String> {
    let mut session = Session::new(Arc::clone(s), 7);
    let mut path = Vec::new();
    while !session.is_finished() {
        let best = session
            .offered_choices()
            .find(|c| c.verdict == Some(Verdict::Best))
            .or_else(|| session.offered_choices().next())
            .map(|c| c.id.clone())
            .unwrap();
        session.choose(&best).unwrap();
        path.push(best);
    }
    path
}

#[test]
fn every_choice_of_the_managers_scenario_is_an_arrangement_and_the_checklist_lists_them_in_order() {
    let s = scenario();
    let path = best_path(&s);
    let mut session = Session::new(Arc::clone(&s), 7);
    for c in &path {
        session.choose(c).unwrap();
    }
    let list = checklist(&session, None).expect("arrangements were chosen");
    assert_eq!(list.items.len(), path.len(), "one line per decision");
    for (item, id) in list.items.iter().zip(&path) {
        let c = s.choice(s.choice_by_id(id).unwrap());
        assert_eq!(Some(&item.arrangement), c.arrangement.as_ref());
        assert!(!item.because.is_empty(), "{id}: the principles behind it");
    }
    let text = list.to_text();
    let md = list.to_markdown();
    assert!(text.starts_with(&format!("Local arrangements: {}", s.meta().title)));
    assert_eq!(md.matches("- [ ] **").count(), path.len());
    assert!(text.contains("Why: upholds"), "{text}");
}

#[test]
fn canteen_checklist_writes_the_latest_attempts_arrangements() {
    let s = scenario();
    let path = best_path(&s);
    let steps: Vec<&str> = path.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let record = play(&s, 1, "A manager", &steps, "2026-12-01T10:00:00Z", 600_000);
    database(dir.path(), "A manager", &[record]);
    let text = stdout_of(
        canteen()
            .env("CANTEEN_DATA_DIR", dir.path())
            .args(["checklist", ID]),
        0,
    );
    let first = s.choice(s.choice_by_id(&path[0]).unwrap());
    assert!(
        text.contains(first.arrangement.as_deref().unwrap()),
        "{text}"
    );
    let said = stdout_of(
        canteen()
            .env("CANTEEN_DATA_DIR", dir.path())
            .args(["checklist", ID, "--markdown"]),
        0,
    );
    let file = dir
        .path()
        .join("checklists")
        .join(format!("local-arrangements-{ID}.md"));
    assert!(said.contains(&file.display().to_string()), "{said}");
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.starts_with("# Local arrangements: "));
    let none = canteen()
        .env("CANTEEN_DATA_DIR", tempfile::tempdir().unwrap().path())
        .args(["checklist", ID])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1), "nothing finished yet");
}

#[test]
fn the_web_trainer_shows_the_checklist_and_offers_it_as_markdown() {
    let s = scenario();
    let path = best_path(&s);
    let steps: Vec<&str> = path.iter().map(String::as_str).collect();
    let served = Served::start(&[]);
    let link = served.invite(&["manager@nhs.example"]).remove(0);
    let cookie = served.sign_in(&link);
    let attempt = crate::web::play(&served, &cookie, ID, &steps);
    let ending = served.get(&format!("/records/{attempt}"), Some(&cookie), &[]);
    assert!(
        ending.body.contains("Your local arrangements"),
        "{}",
        ending.body
    );
    let md = served.get(
        &format!("/records/{attempt}/checklist.md"),
        Some(&cookie),
        &[],
    );
    assert_eq!(md.status, 200);
    assert!(md.body.starts_with("# Local arrangements: "));
    assert_eq!(md.body.matches("- [ ] **").count(), path.len());
    let other = served.sign_in(&served.invite(&["other@nhs.example"]).remove(0));
    let theirs = served.get(
        &format!("/records/{attempt}/checklist.md"),
        Some(&other),
        &[],
    );
    assert_eq!(
        theirs.status, 404,
        "another learner's checklist is not found"
    );
}
