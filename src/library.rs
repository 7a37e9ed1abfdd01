//! The scenario library: the shipped pack embedded in the binary, or a trust's own pack read
//! from files and folders on disk, each file validated on its own so one broken file never
//! hides the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::checks::{Checked, check};
use crate::engine::Scenario;
use crate::format::{Diagnostic, Rule, SourceFile};
use crate::model::Catalogue;

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
}

/// The environment variable naming a trust's own scenario pack.
pub const SCENARIOS_ENV: &str = "CANTEEN_SCENARIOS";

/// Where scenarios come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pack {
    /// The scenarios shipped inside the binary.
    Shipped,
    /// Files and folders on disk (folders are read for `.ron` files, subfolders included).
    Paths(Vec<PathBuf>),
}

impl Pack {
    /// The pack named on the command line, else by `CANTEEN_SCENARIOS`, else the shipped one.
    pub fn choose(paths: &[PathBuf]) -> Pack {
        if !paths.is_empty() {
            return Pack::Paths(paths.to_vec());
        }
        match std::env::var_os(SCENARIOS_ENV) {
            Some(p) if !p.is_empty() => Pack::Paths(vec![PathBuf::from(p)]),
            _ => Pack::Shipped,
        }
    }
}

/// Every scenario file of a pack, validated.
#[derive(Debug, Clone)]
pub struct Library {
    pub catalogue: Catalogue,
    /// One entry per file, in file-name order.
    pub entries: Vec<Checked>,
}

impl Library {
    /// Reads and validates a pack.
    pub fn load(pack: &Pack) -> Library {
        let files = match pack {
            Pack::Shipped => shipped::SHIPPED
                .iter()
                .map(|(name, text)| Ok(SourceFile::new(format!("scenarios/{name}"), *text)))
                .collect(),
            Pack::Paths(paths) => read_paths(paths),
        };
        Library::from_files(files, Catalogue::shipped())
    }

    /// Validates files already read (or the reasons they could not be).
    pub fn from_files(
        files: Vec<Result<SourceFile, (String, String)>>,
        catalogue: Catalogue,
    ) -> Library {
        let mut entries: Vec<Checked> = files
            .into_iter()
            .map(|f| match f {
                Ok(file) => check(Arc::new(file), &catalogue),
                Err((name, why)) => unreadable(name, why),
            })
            .collect();
        mark_duplicates(&mut entries);
        Library { catalogue, entries }
    }

    /// The valid scenarios.
    pub fn scenarios(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.entries.iter().filter_map(|e| e.scenario.as_ref())
    }

    /// Finds a valid scenario by id, or by the file it came from.
    pub fn find(&self, key: &str) -> Option<&Arc<Scenario>> {
        let by_file = |e: &&Checked| {
            let name = e.file.name.as_str();
            name == key || Path::new(name).file_stem().is_some_and(|s| s == key)
        };
        self.scenarios().find(|s| s.meta().id == key).or_else(|| {
            self.entries
                .iter()
                .filter(by_file)
                .find_map(|e| e.scenario.as_ref())
        })
    }

    /// The diagnostics of every file, in file order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.iter().flat_map(|e| &e.diagnostics)
    }
}

fn unreadable(name: String, why: String) -> Checked {
    let file = Arc::new(SourceFile::new(name.clone(), ""));
    let d = Diagnostic::new(
        Rule::Unreadable,
        &file,
        format!("cannot read {name}: {why}"),
    )
    .help("check the path is right and the file is readable text (UTF-8)");
    Checked {
        file,
        scenario: None,
        diagnostics: vec![d],
    }
}

/// A scenario id used by an earlier file makes the later file invalid.
fn mark_duplicates(entries: &mut [Checked]) {
    let mut first: HashMap<String, String> = HashMap::new();
    for e in entries.iter_mut() {
        let Some(s) = &e.scenario else { continue };
        let id = s.meta().id.clone();
        if let Some(other) = first.get(&id) {
            let span = e
                .file
                .find_field(0, "id")
                .and_then(|f| e.file.find_quoted(f.offset, &id));
            e.diagnostics.push(
                Diagnostic::new(
                    Rule::DuplicateScenario,
                    &e.file,
                    format!("the scenario id \"{id}\" is already used by {other}"),
                )
                .at(span, "used by another file")
                .help("records are kept by scenario id: give this scenario an id of its own"),
            );
            e.scenario = None;
        } else {
            first.insert(id, e.file.name.clone());
        }
    }
}

/// Reads every named file, and every `.ron` file under every named folder, sorted by path.
pub fn read_paths(paths: &[PathBuf]) -> Vec<Result<SourceFile, (String, String)>> {
    let mut found = Vec::new();
    for p in paths {
        if p.is_dir() {
            collect_dir(p, &mut found);
        } else {
            found.push(p.clone());
        }
    }
    found
        .into_iter()
        .map(|p| {
            let name = p.display().to_string();
            std::fs::read_to_string(&p)
                .map(|text| SourceFile::new(name.clone(), text))
                .map_err(|e| (name, e.to_string()))
        })
        .collect()
}

fn collect_dir(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        found.push(dir.to_path_buf());
        return;
    };
    let mut entries: Vec<PathBuf> = read.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_dir(&p, found);
        } else if p.extension().is_some_and(|x| x == "ron") {
            found.push(p);
        }
    }
}
