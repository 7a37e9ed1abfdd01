//! Reading a file canteen was named, with a limit: only regular files, and only up to a size.
//!
//! A named pipe would block `validate` forever and `/dev/zero` would be read until memory runs
//! out; a file too large to be a scenario, record file or certificate is refused with its size.

use std::io::Read;
use std::path::Path;

/// The largest scenario file canteen reads: far beyond any written story.
pub const SCENARIO_LIMIT: u64 = 16 * 1024 * 1024;
/// The largest JSON record file canteen reads (SQLite stores are opened, not read).
pub const RECORDS_LIMIT: u64 = 256 * 1024 * 1024;
/// The largest certificate file canteen reads.
pub const CERTIFICATE_LIMIT: u64 = 1024 * 1024;

/// A size in the units a trainer reads: bytes, KiB or MiB.
pub fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads a regular file of at most `limit` bytes, `what` naming it in the message otherwise
/// ("a scenario file"). The error says what is wrong, without the path: callers name the file.
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!(
            "it is not a regular file but a folder, pipe or device; canteen reads {what} only from a regular file"
        ));
    }
    let too_big = |len: u64| {
        format!(
            "it is {}, more than the {} limit for {what}",
            size(len),
            size(limit)
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    // The file may grow after its size was read: never read more than one byte past the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a regular UTF-8 text file of at most `limit` bytes, as [`read_limited`].
pub fn read_text_limited(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    let bytes = read_limited(path, limit, what)?;
    String::from_utf8(bytes).map_err(|_| "stream did not contain valid UTF-8".to_string())
}
