//! Reading attempt records that managers collect: JSON lines from `canteen export --records`,
//! the JSON array `canteen records --format json` prints, and learners' `canteen.db` files
//! (opened read-only, never changed). Folders are searched for `.jsonl`, `.ndjson`, `.json`
//! and `.db` files, subfolders included.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::attempt::AttemptRecord;
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

/// Reads every record in the files and folders given, in path order, handing each to `f` with
/// where it was read from (the file, and `:LINE` for JSON lines), and holding none of them:
/// JSON lines are read a line at a time, and a `canteen.db` a row at a time. A JSON array
/// (`canteen records --format json`, one learner's records) is still read whole, within the
/// record file size limit. Returns how many records were read.
pub fn gather_each(
    paths: &[PathBuf],
    f: &mut dyn FnMut(AttemptRecord, &str),
) -> Result<usize, GatherError> {
    let mut n = 0;
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            if files.is_empty() {
                return Err(GatherError::EmptyFolder { path: path.clone() });
            }
            for file in files {
                n += read_file(&file, f)?;
            }
        } else {
            n += read_file(path, f)?;
        }
    }
    Ok(n)
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

fn not_utf8(e: std::str::Utf8Error) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("it is not UTF-8 text ({e})"),
    )
}

fn read_file(path: &Path, f: &mut dyn FnMut(AttemptRecord, &str)) -> Result<usize, GatherError> {
    use std::io::{BufRead, Read};

    let read = |source| GatherError::Read {
        path: path.to_path_buf(),
        source,
    };
    let limit = crate::format::read::RECORDS_LIMIT;
    let meta = std::fs::metadata(path).map_err(read)?;
    if !meta.is_file() {
        // Refused with the words every other limited read uses.
        let why = crate::format::read::read_limited(path, limit, "a record file")
            .err()
            .unwrap_or_else(|| "it is not a regular file".to_string());
        return Err(read(std::io::Error::other(why)));
    }
    let mut file =
        std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(path).map_err(read)?);
    let shown = path.display().to_string();
    if file
        .fill_buf()
        .map_err(read)?
        .starts_with(b"SQLite format 3\0")
    {
        drop(file);
        // A SQLite store is opened, not read whole: any size of it will do.
        let store = Store::open_read_only(path).map_err(|source| GatherError::Store {
            path: path.to_path_buf(),
            source,
        })?;
        return store
            .each_attempt(&mut |record| f(record, &shown))
            .map_err(|source| GatherError::Store {
                path: path.to_path_buf(),
                source,
            });
    }

    // The first line decides: a JSON array, or JSON lines.
    let mut line = Vec::new();
    let mut number = 0;
    let mut n = 0;
    let mut source = String::new();
    loop {
        line.clear();
        let got = (&mut file)
            .take(limit + 1)
            .read_until(b'\n', &mut line)
            .map_err(read)?;
        if got == 0 {
            return Ok(n);
        }
        number += 1;
        if line.len() as u64 > limit {
            return Err(read(std::io::Error::other(format!(
                "line {number} is more than the {} limit for a line of a record file",
                crate::format::read::size(limit)
            ))));
        }
        let text = std::str::from_utf8(&line).map_err(|e| read(not_utf8(e)))?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        if n == 0 && text.trim_start().starts_with('[') {
            return read_array(path, &mut file, std::mem::take(&mut line), number - 1, f);
        }
        let record: AttemptRecord = serde_json::from_str(text).map_err(|e| GatherError::Line {
            path: path.to_path_buf(),
            line: number,
            reason: without_position(&e),
        })?;
        source.clear();
        source.push_str(&shown);
        source.push(':');
        source.push_str(&number.to_string());
        f(record, &source);
        n += 1;
    }
}

/// A JSON array of records, read whole (within the record file size limit): `first` is what
/// was read of it already, its first line, after `skipped` blank lines.
fn read_array(
    path: &Path,
    rest: &mut dyn std::io::Read,
    first: Vec<u8>,
    skipped: usize,
    f: &mut dyn FnMut(AttemptRecord, &str),
) -> Result<usize, GatherError> {
    use std::io::Read;

    let read = |source| GatherError::Read {
        path: path.to_path_buf(),
        source,
    };
    let limit = crate::format::read::RECORDS_LIMIT;
    let mut bytes = first;
    rest.take(limit + 1).read_to_end(&mut bytes).map_err(read)?;
    if bytes.len() as u64 > limit {
        return Err(read(std::io::Error::other(format!(
            "it is more than the {} limit for a record file",
            crate::format::read::size(limit)
        ))));
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| read(not_utf8(e)))?;
    let records: Vec<AttemptRecord> =
        serde_json::from_str(text).map_err(|e| GatherError::Line {
            path: path.to_path_buf(),
            line: e.line() + skipped,
            reason: without_position(&e),
        })?;
    let shown = path.display().to_string();
    let n = records.len();
    for record in records {
        f(record, &shown);
    }
    Ok(n)
}

/// serde_json's message without its "at line L column C", which the error says its own way.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => format!("{}, column {}", &text[..i], e.column()),
        None => text,
    }
}
