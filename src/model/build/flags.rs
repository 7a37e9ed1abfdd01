//! The scenario's flags: collected from the choices that set, require or forbid them, each given
//! a bit in a [`FlagSet`].

use rustc_hash::FxHashMap as HashMap;

use super::all_choices;
use crate::format::Report;
use crate::format::raw::RawScenario;
use crate::format::rules::Rule;
use crate::model::flags::{FlagSet, MAX_FLAGS};

/// The scenario's flags, in the order first written.
pub(super) struct Flags {
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Flags {
    pub(super) fn set(&self, names: &[String]) -> FlagSet {
        names
            .iter()
            .filter_map(|n| self.index.get(n))
            .filter(|&&i| i < MAX_FLAGS)
            .fold(FlagSet::EMPTY, |s, &i| s.union(FlagSet::single(i)))
    }
}

pub(super) fn collect_flags(raw: &RawScenario, report: &mut Report) -> Flags {
    let mut flags = Flags {
        names: Vec::new(),
        index: HashMap::default(),
    };
    for (_, c) in all_choices(raw) {
        for f in c.sets.iter().chain(&c.requires).chain(&c.unless) {
            if !flags.index.contains_key(f) {
                flags.index.insert(f.clone(), flags.names.len());
                flags.names.push(f.clone());
            }
        }
    }
    if flags.names.len() > MAX_FLAGS {
        report.push(
            Rule::TooManyFlags,
            format!(
                "the scenario uses {} flags; canteen tracks at most {MAX_FLAGS}",
                flags.names.len()
            ),
            report.locate.top_field("scenes"),
            "too many flags",
            "reuse flags, or split the story into two scenarios",
        );
    }
    flags
}
