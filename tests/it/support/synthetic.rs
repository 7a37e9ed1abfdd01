//! Generates large valid scenarios as RON text, and packs of many realistic scenario files,
//! for the benchmarks and the tests.
//!
//! The story is a forward graph of scenes in blocks of 100: each block has its own flag, set
//! by a choice early in the block and tested by choices later in it, so conditions and flags
//! are exercised the way authors use them (a follow-up depends on an earlier choice).

use std::fmt::Write;

/// Principles the synthetic choices score.
const PRINCIPLES: [&str; 4] = [
    "confidentiality",
    "professionalism",
    "engagement",
    "respect",
];

/// A small deterministic generator, so the scenario needs no rng crate and never changes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A valid scenario with `scenes` decision scenes of three choices each.
pub fn scenario(scenes: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(scenes * 700);
    out.push_str(
        "Scenario(\n  format: 1,\n  id: \"synth\",\n  title: \"Synthetic\",\n  summary: \"Generated.\",\n  \
         roles: [\"everyone\"],\n  minutes: 5,\n  author: \"canteen tests\",\n  pass_mark: 0,\n  start: \"s0\",\n  scenes: {\n",
    );
    let target = |i: usize| {
        if i >= scenes {
            format!("end{}", i % 3)
        } else {
            format!("s{i}")
        }
    };
    for i in 0..scenes {
        let block = i / 100;
        let within = i % 100;
        let flag = format!("f{}", block % 100);
        write!(out, "    \"s{i}\": Scene(\n      text: \"Scene {i}.\",\n      discuss: \"Why?\",\n      choices: [\n").unwrap();
        for c in 0..3 {
            let step = c + 1;
            let mut effects = String::new();
            for p in PRINCIPLES {
                if rng.next(2) == 0 {
                    let x = rng.next(5) as i64 - 2;
                    let x = if x == 0 { 1 } else { x };
                    write!(effects, "\"{p}\": {x}, ").unwrap();
                }
            }
            if effects.is_empty() {
                effects = "\"engagement\": 1".into();
            }
            let condition = match (c, within) {
                (0, 0..=2) => format!("sets: [\"{flag}\"],"),
                (2, 50..=99) if within % 2 == 0 => format!("requires: [\"{flag}\"],"),
                (2, 50..=99) => format!("unless: [\"{flag}\"],"),
                _ => String::new(),
            };
            writeln!(
                out,
                "        Choice(id: \"c{i}-{c}\", text: \"Option {c}\", feedback: \"Because.\", effects: {{{effects}}}, {condition} next: \"{}\"),",
                target(i + step)
            )
            .unwrap();
        }
        out.push_str("      ],\n    ),\n");
    }
    out.push_str("  },\n  endings: {\n");
    for e in 0..3 {
        writeln!(
            out,
            "    \"end{e}\": Ending(title: \"End {e}\", outcome: \"Over.\", debrief: \"Learn.\"),"
        )
        .unwrap();
    }
    out.push_str("  },\n)\n");
    out
}

/// A pack of `n` realistic scenario files, as (file name, text): the shipped scenarios (17 to
/// 28 KB each) in turn, each given an id of its own and a file named after it; the names sort
/// in the order the files are made, as a folder of them is read.
#[allow(dead_code)]
pub fn pack(n: usize) -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut shipped: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("the shipped scenarios are readable")
        .map(|e| e.expect("the shipped scenarios are readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    shipped.sort();
    (0..n)
        .map(|i| {
            let (id, text) = &shipped[i % shipped.len()];
            let new_id = format!("pack{i:04}-{id}");
            // The scenario's own id is the first field at the top level of the file.
            let field = format!("\n    id: \"{id}\",");
            assert!(text.contains(&field), "{id} names its id at the top level");
            let text = text.replacen(&field, &format!("\n    id: \"{new_id}\","), 1);
            (format!("{new_id}.ron"), text)
        })
        .collect()
}
