//! The house's layers: every room of `src/` imports only from rooms below it, and the modules
//! inside a room import each other without a circle. `src/lib.rs` describes the same order.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The rooms of `src/`, lowest first. A room may use any room in an earlier group; rooms in
/// one group are independent of each other.
const LAYERS: &[&[&str]] = &[
    &["format"],
    &["model"],
    &["engine"],
    &["checks", "authoring"],
    &["library", "records"],
    &["service", "lms"],
    &["present", "serving"],
    &["terminal", "plain", "workshop", "web", "editor"],
    &["cli"],
];

fn rank(room: &str) -> Option<usize> {
    LAYERS.iter().position(|group| group.contains(&room))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file, e.g. `src/checks/coverage/mod.rs` is `checks::coverage`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("inside src/");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// The code of a file with comments and string literals blanked, so a doc link or a message
/// that names a module is not taken for an import.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            c => out.push(c),
        }
    }
    out
}

/// The modules a file names: `crate::a::b` and `super::b` paths, as module paths.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.contains("::"))
        .collect();
    for w in words {
        let segs: Vec<&str> = w.split("::").filter(|s| !s.is_empty()).collect();
        let (base, rest): (Vec<String>, &[&str]) = match segs.first() {
            Some(&"crate") => (Vec::new(), &segs[1..]),
            Some(&"super") => {
                let mut base = module.to_vec();
                let mut rest = &segs[..];
                while rest.first() == Some(&"super") {
                    base.pop();
                    rest = &rest[1..];
                }
                (base, rest)
            }
            _ => continue,
        };
        let mut path = base;
        path.extend(rest.iter().take(2).map(|s| s.to_string()));
        found.push(path);
    }
    found
}

struct House {
    /// Module path of each file, and the module paths it names.
    files: Vec<(PathBuf, Vec<String>, Vec<Vec<String>>)>,
    /// Every module path that is a file or folder of `src/`.
    modules: BTreeSet<Vec<String>>,
}

fn house() -> House {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths.sort();
    let mut files = Vec::new();
    let mut modules = BTreeSet::new();
    for path in paths {
        if path.starts_with(src.join("bin")) {
            continue;
        }
        let module = module_of(&src, &path);
        let code = code_only(&fs::read_to_string(&path).expect("a readable source file"));
        let refs = references(&module, &code);
        modules.insert(module.clone());
        files.push((path, module, refs));
    }
    House { files, modules }
}

#[test]
fn every_room_of_src_has_a_layer() {
    let house = house();
    let rooms: BTreeSet<&str> = house
        .modules
        .iter()
        .filter_map(|m| m.first().map(String::as_str))
        .collect();
    let unplaced: Vec<_> = rooms.iter().filter(|r| rank(r).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "rooms with no place in LAYERS: {unplaced:?}"
    );
}

#[test]
fn no_room_imports_a_room_above_it_or_beside_it() {
    let house = house();
    let mut wrong = Vec::new();
    for (path, module, refs) in &house.files {
        let Some(own) = module.first() else { continue };
        for r in refs {
            let Some(other) = r.first() else { continue };
            if other == own {
                continue;
            }
            let (Some(a), Some(b)) = (rank(own), rank(other)) else {
                continue;
            };
            if b >= a {
                wrong.push(format!("{} ({own}) uses {}", path.display(), r.join("::")));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_modules_of_each_room_import_each_other_without_a_circle() {
    let house = house();
    // Edges between a room's modules one level down (`terminal::app` -> `terminal::view`);
    // the room's own root file re-exports its modules and is left out.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let node =
        |m: &[String]| -> Option<String> { (m.len() >= 2).then(|| format!("{}::{}", m[0], m[1])) };
    for (_, module, refs) in &house.files {
        let Some(from) = node(module) else { continue };
        for r in refs {
            let Some(to) = node(r) else { continue };
            if to != from && r[0] == module[0] && house.modules.contains(&r[..2]) {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search for a back edge, reporting the circle it closes.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        circles: &mut Vec<String>,
    ) {
        if done.contains(n) {
            return;
        }
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut circle = stack[at..].to_vec();
            circle.push(n.to_string());
            circles.push(circle.join(" -> "));
            return;
        }
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            visit(m, edges, stack, done, circles);
        }
        stack.pop();
        done.insert(n.to_string());
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for n in edges.keys() {
        visit(n, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(
        circles.is_empty(),
        "circles of imports:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_layer_check_sees_an_import_from_above() {
    // The check itself: a lower room naming a higher one is found, a comment is not.
    let module = vec!["engine".to_string(), "session".to_string()];
    let code = code_only("use crate::terminal::App;\n// see crate::cli\nlet s = \"crate::cli\";");
    let refs = references(&module, &code);
    assert_eq!(refs, vec![vec!["terminal".to_string(), "App".to_string()]]);
    let up = references(&module, "use super::super::checks::x;");
    assert_eq!(up, vec![vec!["checks".to_string(), "x".to_string()]]);
}
