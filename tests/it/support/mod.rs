//! What several test modules share: the real binary, stored attempts, a test LRS and
//! generated scenarios, and a real browser.

pub mod attempts;
pub mod binary;
pub mod databases;
pub mod lrs;
pub mod raw_http;
pub mod synthetic;
pub mod webdriver;

/// How many scenario files ship in `scenarios/`: what the embedded pack must hold.
pub fn shipped_files() -> usize {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
        .expect("the scenarios folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))
        })
        .count()
}
