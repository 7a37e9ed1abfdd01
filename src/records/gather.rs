//! Reading attempt records that managers collect: JSON lines from `canteen export --records`,
//! the JSON array `canteen records --format json` prints, and learners' `canteen.db` files
//! (opened read-only, never changed). Folders are searched for `.jsonl`, `.ndjson`, `.json`
//! and `.db` files, subfolders included.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::attempt::AttemptRecord;
use super::report::Sourced;
use super::store::{Store, StoreError};

/// Why record files could not be read; each names the file, and the line where there is one.
#[derive(Debug, Error)]
pub enum GatherError {
    #[error("{path}: cannot read it: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}, line {line}: this is not an attempt record ({reason}). Record files are made by \
         `canteen export --records FILE` or `canteen records --format json`"
    )]
    Line {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("{path}: {source}")]
    Store { path: PathBuf, source: StoreError },
    #[error("{path}: no record files here (looked for .jsonl, .ndjson, .json and .db files)")]
    EmptyFolder { path: PathBuf },
}

const EXTENSIONS: [&str; 4] = ["jsonl", "ndjson", "json", "db"];

/// Reads every record in the files and folders given, in path order.
pub fn gather(paths: &[PathBuf]) -> Result<Vec<Sourced>, GatherError> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            if files.is_empty() {
                return Err(GatherError::EmptyFolder { path: path.clone() });
            }
            for file in files {
                read_file(&file, &mut out)?;
            }
        } else {
            read_file(path, &mut out)?;
        }
    }
    Ok(out)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), GatherError> {
    let read = |source| GatherError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.push(path);
        }
    }
    Ok(())
}

fn read_file(path: &Path, out: &mut Vec<Sourced>) -> Result<(), GatherError> {
    let read = |source| GatherError::Read {
        path: path.to_path_buf(),
        source,
    };
    let bytes = crate::format::read::read_limited(
        path,
        crate::format::read::RECORDS_LIMIT,
        "a record file",
    )
    .or_else(|why| {
        // A SQLite store is opened, not read whole: any size of it will do.
        let is_store = std::fs::metadata(path).is_ok_and(|m| m.is_file())
            && std::fs::File::open(path).is_ok_and(|mut f| {
                let mut head = [0u8; 16];
                std::io::Read::read_exact(&mut f, &mut head).is_ok()
                    && head == *b"SQLite format 3\0"
            });
        if is_store {
            Ok(b"SQLite format 3\0".to_vec())
        } else {
            Err(read(std::io::Error::other(why)))
        }
    })?;
    let shown = path.display().to_string();
    if bytes.starts_with(b"SQLite format 3\0") {
        let store = Store::open_read_only(path).map_err(|source| GatherError::Store {
            path: path.to_path_buf(),
            source,
        })?;
        let records = store.every_attempt().map_err(|source| GatherError::Store {
            path: path.to_path_buf(),
            source,
        })?;
        out.extend(records.into_iter().map(|record| Sourced {
            record,
            source: shown.clone(),
        }));
        return Ok(());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        read(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is not UTF-8 text ({e})"),
        ))
    })?;
    if text.trim_start().starts_with('[') {
        let records: Vec<AttemptRecord> =
            serde_json::from_str(&text).map_err(|e| GatherError::Line {
                path: path.to_path_buf(),
                line: e.line(),
                reason: without_position(&e),
            })?;
        out.extend(records.into_iter().map(|record| Sourced {
            record,
            source: shown.clone(),
        }));
        return Ok(());
    }
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: AttemptRecord = serde_json::from_str(line).map_err(|e| GatherError::Line {
            path: path.to_path_buf(),
            line: i + 1,
            reason: without_position(&e),
        })?;
        out.push(Sourced {
            record,
            source: format!("{shown}:{}", i + 1),
        });
    }
    Ok(())
}

/// serde_json's message without its "at line L column C", which the error says its own way.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => format!("{}, column {}", &text[..i], e.column()),
        None => text,
    }
}
