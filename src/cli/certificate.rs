//! `canteen certificate`: a completion certificate for the scenarios passed, and checking one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::Cli;
use super::play::open_store;
use crate::records::certificate::{Certificate, Verification, to_html, to_text, verify};
use crate::records::data_dir;

/// The certificate's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CertificateFormat {
    /// A self-contained printable page, written to a file.
    Html,
    /// Plain text, printed on the screen unless --out is given.
    Text,
}

/// The folder certificates are written to unless --out says otherwise.
pub fn certificates_dir(data: &Path) -> PathBuf {
    data.join("certificates")
}

pub(super) fn run(
    cli: &Cli,
    out_path: Option<&Path>,
    format: CertificateFormat,
    check: Option<&Path>,
    out: &mut dyn Write,
) -> std::io::Result<ExitCode> {
    let store = match open_store(cli) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let attempts = match store.attempts() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("canteen: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if let Some(file) = check {
        return verify_file(file, &attempts, &store.path().display().to_string(), out);
    }
    let Some(certificate) = Certificate::from_attempts(&attempts) else {
        eprintln!(
            "canteen: no scenario has been passed yet in {}, so there is nothing to certify. \
             Play one with `canteen`; a certificate lists the scenarios you have passed.",
            store.path().display()
        );
        return Ok(ExitCode::from(1));
    };
    let (body, extension) = match format {
        CertificateFormat::Html => (to_html(&certificate), "html"),
        CertificateFormat::Text => (to_text(&certificate), "txt"),
    };
    let to_screen = out_path.is_some_and(|p| p == Path::new("-"))
        || (out_path.is_none() && format == CertificateFormat::Text);
    if to_screen {
        out.write_all(body.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = match out_path {
        Some(p) => p.to_path_buf(),
        None => certificates_dir(&data_dir(cli.data_dir.as_deref()))
            .join(certificate.file_name(extension)),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("canteen: cannot create the folder {}: {e}", dir.display());
        return Ok(ExitCode::from(2));
    }
    if let Err(e) = std::fs::write(&path, body) {
        eprintln!(
            "canteen: cannot write the certificate to {}: {e}",
            path.display()
        );
        return Ok(ExitCode::from(2));
    }
    writeln!(
        out,
        "Certificate for {} scenario{} written to {}",
        certificate.passes.len(),
        if certificate.passes.len() == 1 {
            ""
        } else {
            "s"
        },
        path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn verify_file(
    file: &Path,
    attempts: &[crate::records::AttemptRecord],
    db: &str,
    out: &mut dyn Write,
) -> std::io::Result<ExitCode> {
    let text = match std::fs::read(file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("canteen: cannot read {}: {e}", file.display());
            return Ok(ExitCode::from(2));
        }
    };
    let shown = file.display();
    match verify(&text, attempts) {
        Verification::Verified(c) => {
            writeln!(
                out,
                "Verified: {shown} matches {} attempt record{} in {db}.",
                c.passes.len(),
                if c.passes.len() == 1 { "" } else { "s" }
            )?;
            writeln!(out, "The records say:")?;
            let learner = if c.learner.is_empty() {
                "no name or staff number given"
            } else {
                &c.learner
            };
            writeln!(out, "  learner: {learner}")?;
            for p in &c.passes {
                writeln!(
                    out,
                    "  {} passed on {} with {}% (pass mark {}%)",
                    p.title,
                    p.finished_at.strftime("%Y-%m-%d"),
                    p.score,
                    p.pass_mark
                )?;
            }
            writeln!(out, "  SHA-256: {}", c.hash)?;
            writeln!(
                out,
                "Check that the certificate says the same; the hash proves these records, not the text around them."
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Verification::NoHash => {
            writeln!(
                out,
                "Not verified: {shown} has no single SHA-256 verification hash, so it is not a canteen certificate or has been changed."
            )?;
            Ok(ExitCode::from(1))
        }
        Verification::Missing(ids) if ids.is_empty() => {
            writeln!(
                out,
                "Not verified: {shown} names no attempt records, so it is not a canteen certificate or has been changed."
            )?;
            Ok(ExitCode::from(1))
        }
        Verification::Missing(ids) => {
            writeln!(
                out,
                "Not verified: these attempt records named in {shown} are not in {db}: {}. \
                 Check against the database of the computer the training was done on (--data-dir).",
                ids.join(", ")
            )?;
            Ok(ExitCode::from(1))
        }
        Verification::Mismatch { printed, actual } => {
            writeln!(
                out,
                "Not verified: the records in {db} hash to {actual}, but {shown} says {printed}. \
                 The certificate or the records have been changed since it was made."
            )?;
            Ok(ExitCode::from(1))
        }
    }
}
