//! A course package: its files in a zip an LMS imports.

use std::io::{Seek, Write};

/// One file of a package: its path inside the zip and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl PackageFile {
    /// A text file.
    pub fn text(path: &str, text: String) -> PackageFile {
        PackageFile {
            path: path.to_string(),
            bytes: text.into_bytes(),
        }
    }
}

/// Writes the files as a zip (deflated) to `out`.
pub fn write_zip(
    files: &[PackageFile],
    out: impl Write + Seek,
) -> Result<(), zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for f in files {
        zip.start_file(f.path.as_str(), options)?;
        zip.write_all(&f.bytes)?;
    }
    zip.finish()?;
    Ok(())
}
