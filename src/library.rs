//! The scenario library: the shipped pack embedded in the binary, or a trust's own pack read
//! from files and folders on disk, each file validated on its own so one broken file never
//! hides the others.
//!
//! A pack of many files is read and checked on every core: files are independent until the
//! check for duplicate ids, which runs afterwards over the results in file order. This is the
//! one place in the core that starts threads; the format, model, engine and checks below it
//! stay single-threaded and pure, so each file is checked exactly as it would be alone.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::checks::{Checked, check};
use crate::engine::Scenario;
use crate::format::{Diagnostic, Rule, SourceFile};
use crate::model::{Catalogue, Trust};

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
    /// Reads and validates a pack, its files on every core.
    pub fn load(pack: &Pack) -> Library {
        Library::load_for(pack, Trust::shipped())
    }

    /// Loads a pack for a trust: scenario text is filled with the trust's names.
    pub fn load_for(pack: &Pack, trust: Trust) -> Library {
        let mut catalogue = Catalogue::shipped_for(trust);
        catalogue.today = Some(today());
        let entries = match pack {
            Pack::Shipped => on_every_core(shipped::SHIPPED.to_vec(), |(name, text)| {
                check_read(
                    Ok(SourceFile::new(format!("scenarios/{name}"), text)),
                    &catalogue,
                )
            }),
            // Reading is part of each file's work, so a slow disk is read on every core too.
            Pack::Paths(paths) => {
                on_every_core(find_paths(paths), |p| check_read(read_path(&p), &catalogue))
            }
        };
        Library::from_entries(entries, catalogue)
    }

    /// Validates files already read (or the reasons they could not be), on every core.
    pub fn from_files(
        files: Vec<Result<SourceFile, (String, String)>>,
        catalogue: Catalogue,
    ) -> Library {
        let entries = on_every_core(files, |f| check_read(f, &catalogue));
        Library::from_entries(entries, catalogue)
    }

    /// The library of files checked one by one, in file order, once ids are compared across them.
    fn from_entries(mut entries: Vec<Checked>, catalogue: Catalogue) -> Library {
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

    /// Finds a scenario for an author's tools (`walk`, `graph`) like [`Library::find`], taking
    /// also a scenario whose only errors are failed expectations.
    pub fn find_for_authoring(&self, key: &str) -> Option<&Arc<Scenario>> {
        self.find(key).or_else(|| {
            let authored = || self.entries.iter().filter_map(|e| e.authored.as_ref());
            authored().find(|s| s.meta().id == key).or_else(|| {
                self.entries
                    .iter()
                    .filter(|e| {
                        let name = e.file.name.as_str();
                        name == key || Path::new(name).file_stem().is_some_and(|s| s == key)
                    })
                    .find_map(|e| e.authored.as_ref())
            })
        })
    }

    /// The diagnostics of every file, in file order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.iter().flat_map(|e| &e.diagnostics)
    }
}

/// Checks one file, or says why it could not be read.
fn check_read(file: Result<SourceFile, (String, String)>, catalogue: &Catalogue) -> Checked {
    match file {
        Ok(file) => check(Arc::new(file), catalogue),
        Err((name, why)) => unreadable(name, why),
    }
}

/// `work` applied to every item on every core, the results in the items' order.
///
/// Workers take the next item by an atomic index, so a few large files do not leave one core
/// with all the work. A pack of one file (or a machine of one core) runs on this thread.
fn on_every_core<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let workers = cores.min(items.len());
    if workers <= 1 {
        return items.into_iter().map(work).collect();
    }
    // Each slot is taken by exactly one worker (the index hands it out once), so its lock is
    // never contended; it is only how a shared list gives up ownership of one item.
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(slot) = slots.get(i) else { break };
                        // Each index is handed out once, so the slot is always full here.
                        let item = slot
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .take();
                        if let Some(item) = item {
                            done.push((i, work(item)));
                        }
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            // A panic while checking a file is a bug in canteen: it is passed on as it would be
            // on one thread, once the other workers have finished.
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(slots.len()).collect();
    for (i, r) in done.into_iter().flatten() {
        results[i] = Some(r);
    }
    // Every index was taken by exactly one worker, so no slot is empty.
    results.into_iter().flatten().collect()
}

fn unreadable(name: String, why: String) -> Checked {
    let file = Arc::new(SourceFile::new(name.clone(), ""));
    let d = Diagnostic::new(
        Rule::Unreadable,
        &file,
        format!("cannot read {name}: {why}"),
    )
    .help("check the path is right and the file is readable");
    Checked {
        file,
        scenario: None,
        authored: None,
        diagnostics: vec![d],
    }
}

/// Two files with one scenario id: the one whose name matches the id keeps it (else the first
/// in file order), and each other is invalid, named as the stray it most likely is (a
/// `rehab-video copy.ron` that Finder or Explorer made beside `rehab-video.ron`).
fn mark_duplicates(entries: &mut [Checked]) {
    let id_of = |e: &Checked| e.for_authoring().map(|s| s.meta().id.clone());
    let matches_name = |e: &Checked, id: &str| {
        Path::new(&e.file.name)
            .file_stem()
            .is_some_and(|stem| stem == id)
    };
    let mut keeper: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let Some(id) = id_of(e) else { continue };
        match keeper.get(&id) {
            Some(&k) if matches_name(&entries[k], &id) || !matches_name(e, &id) => {}
            _ => {
                keeper.insert(id, i);
            }
        }
    }
    let names: Vec<String> = entries.iter().map(|e| e.file.name.clone()).collect();
    for (i, e) in entries.iter_mut().enumerate() {
        let Some(id) = id_of(e) else { continue };
        let Some(&k) = keeper.get(&id) else { continue };
        if k == i {
            continue;
        }
        let other = &names[k];
        let span = e
            .file
            .find_field(0, "id")
            .and_then(|f| e.file.find_quoted(f.offset, &id));
        let stray = &e.file.name;
        let help = if Path::new(other)
            .file_stem()
            .is_some_and(|s| s == id.as_str())
        {
            format!(
                "{stray} looks like a copy of {other}: delete it or move it out of the pack, or give it an id of its own"
            )
        } else {
            "records are kept by scenario id: give this scenario an id of its own".to_string()
        };
        e.diagnostics.push(
            Diagnostic::new(
                Rule::DuplicateScenario,
                &e.file,
                format!("{stray} uses the scenario id \"{id}\", which {other} uses already"),
            )
            .at(span, "used by another file")
            .help(help),
        );
        e.scenario = None;
        e.authored = None;
    }
}

/// Reads every named file, and every `.ron` file under every named folder, sorted by path.
pub fn read_paths(paths: &[PathBuf]) -> Vec<Result<SourceFile, (String, String)>> {
    find_paths(paths).iter().map(|p| read_path(p)).collect()
}

/// Every named file, and every `.ron` file under every named folder (sorted by path).
fn find_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for p in paths {
        if p.is_dir() {
            collect_dir(p, &mut found);
        } else {
            found.push(p.clone());
        }
    }
    found
}

fn read_path(p: &Path) -> Result<SourceFile, (String, String)> {
    let name = p.display().to_string();
    crate::format::read::read_limited(p, crate::format::read::SCENARIO_LIMIT, "a scenario file")
        .map(|bytes| SourceFile::read(name.clone(), &bytes))
        .map_err(|e| (name, e))
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

/// The environment variable that fixes "today" for source review dates (tests, and a trust
/// checking what will fall due).
pub const TODAY_ENV: &str = "CANTEEN_TODAY";

/// Today's date as YYYY-MM-DD: `CANTEEN_TODAY` when set, else the system's local date.
pub fn today() -> String {
    std::env::var(TODAY_ENV)
        .ok()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| {
            jiff::Timestamp::now()
                .to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d")
                .to_string()
        })
}
