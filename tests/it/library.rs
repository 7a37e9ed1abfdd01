//! A pack of many files, checked on every core: the results keep the files' order and every
//! diagnostic, a broken file hides none of the others, and an id used twice across files is
//! reported on the later file exactly as when files were checked one after another.

use std::sync::Arc;

use canteen::checks::check;
use canteen::format::{Rule, SourceFile};
use canteen::library::{Library, Pack};
use canteen::model::Catalogue;

use crate::support::synthetic;

const DANGLING: &str = include_str!("../fixtures/invalid/ct013-dangling-target.ron");

/// Every diagnostic of a file, as the author reads it in one line.
fn shorts(checked: &canteen::checks::Checked) -> Vec<String> {
    checked.diagnostics.iter().map(|d| d.short()).collect()
}

/// A pack of 60 files (more than any test machine has cores), some of them broken: a syntax
/// error, a semantic error, and a file that reuses an earlier file's id.
fn mixed_pack() -> Vec<(String, String)> {
    let mut files = synthetic::pack(60);
    let cut = files[7].1.len() / 2;
    files[7].1.truncate(cut);
    files[19].1 = DANGLING.to_string();
    // File 41 takes file 3's id; only the later file is invalid.
    let (first_id, later_id) = (stem(&files[3].0), stem(&files[41].0));
    files[41].1 = files[41].1.replacen(
        &format!("id: \"{later_id}\""),
        &format!("id: \"{first_id}\""),
        1,
    );
    files
}

fn stem(name: &str) -> String {
    name.trim_end_matches(".ron").to_string()
}

/// What checking each file alone gives, in order, with the later of two files sharing an id
/// marked as a duplicate of the earlier.
fn one_by_one(files: &[SourceFile]) -> Vec<Vec<String>> {
    files
        .iter()
        .map(|f| shorts(&check(Arc::new(f.clone()), &Catalogue::shipped())))
        .collect()
}

fn assert_pack(library: &Library, files: &[SourceFile]) {
    let names: Vec<&str> = library
        .entries
        .iter()
        .map(|e| e.file.name.as_str())
        .collect();
    let expected: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, expected, "the entries keep the files' order");
    let alone = one_by_one(files);
    for (i, (entry, alone)) in library.entries.iter().zip(&alone).enumerate() {
        let mut got = shorts(entry);
        if i == 41 {
            let dup = got.pop().expect("the later file is marked");
            assert!(
                dup.contains("CT010") && dup.contains(&files[3].name),
                "{dup}"
            );
            assert_eq!(
                entry.diagnostics.last().unwrap().rule,
                Rule::DuplicateScenario
            );
            assert!(entry.scenario.is_none());
        }
        assert_eq!(
            &got, alone,
            "{}: every diagnostic, as if checked alone",
            entry.file.name
        );
    }
    assert!(library.entries[7].scenario.is_none());
    assert!(library.entries[19].scenario.is_none());
    assert!(
        library.entries[3].scenario.is_some(),
        "the first file keeps its id"
    );
    assert_eq!(
        library.scenarios().count(),
        57,
        "the broken files hide none of the others"
    );
    assert_eq!(
        library.diagnostics().count(),
        alone.iter().map(Vec::len).sum::<usize>() + 1
    );
}

#[test]
fn a_pack_read_from_memory_keeps_its_order_and_every_diagnostic() {
    let files: Vec<SourceFile> = mixed_pack()
        .into_iter()
        .map(|(name, text)| SourceFile::new(format!("pack/{name}"), text))
        .collect();
    let library = Library::from_files(
        files.iter().cloned().map(Ok).collect(),
        Catalogue::shipped(),
    );
    assert_pack(&library, &files);
}

#[test]
fn a_pack_read_from_a_folder_keeps_its_order_and_every_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, text) in mixed_pack() {
        let path = dir.path().join(&name);
        std::fs::write(&path, &text).unwrap();
        files.push(SourceFile::new(path.display().to_string(), text));
    }
    // A file among them that is not UTF-8 (here UTF-16, by its byte-order mark) is reported in
    // its place.
    let bad = dir.path().join("zz-not-text.ron");
    std::fs::write(&bad, [0xff, 0xfe, 0x00]).unwrap();
    let library = Library::load(&Pack::Paths(vec![dir.path().to_path_buf()]));
    let last = library.entries.last().unwrap();
    assert_eq!(last.file.name, bad.display().to_string());
    assert_eq!(last.diagnostics[0].rule, Rule::Encoding);
    let library = Library {
        entries: library.entries.into_iter().take(files.len()).collect(),
        ..library
    };
    assert_pack(&library, &files);
}
