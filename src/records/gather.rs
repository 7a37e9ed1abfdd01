//! Reading attempt records that managers collect: JSON lines from `canteen export --records`,
//! the JSON array `canteen records --format json` prints, and learners' `canteen.db` files
//! (opened read-only, never changed). Folders are searched for `.jsonl`, `.ndjson`, `.json`
//! and `.db` files, subfolders included.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::report::{Feed, Refused, Tally, tally_on_every_core};
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

/// Where a record was read: which of the files, and where in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Origin {
    file: usize,
    at: At,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// A line of JSON lines.
    Line(usize),
    /// An element of a JSON array, starting on this line.
    Element(usize),
    /// A row of a store.
    Row(i64),
}

/// Tallies every record in the files and folders given, in path order, holding none of the
/// records: JSON lines are read a line at a time and a `canteen.db` a row at a time, and the
/// records are parsed and counted on every core ([`tally_on_every_core`]). A JSON array
/// (`canteen records --format json`, one learner's records) is still read whole, within the
/// record file size limit. `individual` keeps a named row for each attempt, whose source is
/// the file (and `:LINE` for JSON lines).
pub fn tally_records(paths: &[PathBuf], individual: bool) -> Result<Tally, GatherError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            walk(path, &mut files)?;
            if files.len() == before {
                return Err(GatherError::EmptyFolder { path: path.clone() });
            }
        } else {
            files.push(path.clone());
        }
    }
    let shown: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let source = |o: Origin| {
        let file = shown.get(o.file).map_or("", String::as_str);
        match o.at {
            At::Line(n) => format!("{file}:{n}"),
            At::Element(_) | At::Row(_) => file.to_string(),
        }
    };
    let done = tally_on_every_core(individual, &source, |feed| {
        for (i, file) in files.iter().enumerate() {
            if !read_file(i, file, feed)? {
                break;
            }
        }
        Ok(())
    })?;
    done.map_err(|refused| refusal(&files, refused))
}

/// The error for a record that could not be read, in the words of where it was read.
fn refusal(files: &[PathBuf], r: Refused<Origin>) -> GatherError {
    let path = files.get(r.origin.file).cloned().unwrap_or_default();
    match r.origin.at {
        At::Line(n) | At::Element(n) => GatherError::Line {
            path,
            line: n + r.line.saturating_sub(1),
            reason: format!("{}, column {}", r.reason, r.column),
        },
        At::Row(row) => GatherError::Store {
            source: StoreError::Unreadable {
                path: path.clone(),
                reason: format!(
                    "attempt {} in row {row}: {} at line {} column {}",
                    crate::format::harmless::harmless(&r.label),
                    r.reason,
                    r.line,
                    r.column
                ),
            },
            path,
        },
    }
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

/// Hands every record of one file to the feed; false once a record has been refused.
fn read_file(i: usize, path: &Path, feed: &mut Feed<'_, Origin>) -> Result<bool, GatherError> {
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
    if file
        .fill_buf()
        .map_err(read)?
        .starts_with(b"SQLite format 3\0")
    {
        drop(file);
        // A SQLite store is opened, not read whole: any size of it will do.
        let store = |source| GatherError::Store {
            path: path.to_path_buf(),
            source,
        };
        let mut going = true;
        Store::open_read_only(path)
            .map_err(store)?
            .each_attempt_text(&mut |row, id, body| {
                going = feed.push(
                    body,
                    id,
                    Origin {
                        file: i,
                        at: At::Row(row),
                    },
                );
                going
            })
            .map_err(store)?;
        return Ok(going);
    }

    // The first line decides: a JSON array, or JSON lines.
    let mut line = Vec::new();
    let mut number = 0;
    let mut records = 0;
    loop {
        line.clear();
        let got = (&mut file)
            .take(limit + 1)
            .read_until(b'\n', &mut line)
            .map_err(read)?;
        if got == 0 {
            return Ok(true);
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
        if records == 0 && text.trim_start().starts_with('[') {
            return read_array(
                i,
                path,
                &mut file,
                std::mem::take(&mut line),
                number - 1,
                feed,
            );
        }
        records += 1;
        if !feed.push(
            text,
            "",
            Origin {
                file: i,
                at: At::Line(number),
            },
        ) {
            return Ok(false);
        }
    }
}

/// A JSON array of records, read whole (within the record file size limit): `first` is what
/// was read of it already, its first line, after `skipped` blank lines.
fn read_array(
    i: usize,
    path: &Path,
    rest: &mut dyn std::io::Read,
    first: Vec<u8>,
    skipped: usize,
    feed: &mut Feed<'_, Origin>,
) -> Result<bool, GatherError> {
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
    let elements: Vec<&serde_json::value::RawValue> =
        serde_json::from_str(text).map_err(|e| GatherError::Line {
            path: path.to_path_buf(),
            line: e.line() + skipped,
            reason: without_position(&e),
        })?;
    let mut line = 1 + skipped;
    let mut counted_to = 0;
    for element in elements {
        let raw = element.get();
        let at = (raw.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        line += text
            .get(counted_to..at)
            .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count());
        counted_to = at;
        if !feed.push(
            raw,
            "",
            Origin {
                file: i,
                at: At::Element(line),
            },
        ) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// serde_json's message without its "at line L column C", which the error says its own way.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => format!("{}, column {}", &text[..i], e.column()),
        None => text,
    }
}
