//! `canteen certificate`: a completion certificate for the scenarios passed, and checking one.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::play::open_store;
use super::{CommandError, CommandResult, Global};
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

/// `canteen certificate`: where to write it and in what form, or a certificate to check.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write it ("-" for the screen). By default HTML goes into the certificates
    /// folder beside your records and text is printed on the screen.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The certificate's form.
    #[arg(long, value_enum, default_value_t = CertificateFormat::Html)]
    pub format: CertificateFormat,
    /// Check a certificate against the records in the database instead of making one.
    #[arg(long, value_name = "FILE", conflicts_with = "out")]
    pub verify: Option<PathBuf>,
}

/// The folder certificates are written to unless --out says otherwise.
pub fn certificates_dir(data: &Path) -> PathBuf {
    data.join("certificates")
}

pub(super) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> CommandResult {
    let (out_path, format) = (args.out.as_deref(), args.format);
    let store = open_store(global)?;
    let attempts = super::records::readable_attempts(&store)?;
    if let Some(file) = &args.verify {
        return verify_file(file, &attempts, &store.path().display().to_string(), out);
    }
    let Some(certificate) = Certificate::from_attempts(&attempts) else {
        return Err(CommandError::failed(format!(
            "no scenario has been passed yet in {}, so there is nothing to certify",
            store.path().display()
        ))
        .with_hint("Play one with `canteen`; a certificate lists the scenarios you have passed"));
    };
    let (body, extension) = match format {
        CertificateFormat::Html => (to_html(&certificate), "html"),
        CertificateFormat::Text => (to_text(&certificate), "txt"),
    };
    let to_screen = out_path.is_some_and(|p| p == Path::new("-"))
        || (out_path.is_none() && format == CertificateFormat::Text);
    if to_screen {
        out.write_all(body.as_bytes())?;
        return Ok(());
    }
    let path = match out_path {
        Some(p) => p.to_path_buf(),
        None => certificates_dir(&data_dir(global.data_dir.as_deref()))
            .join(certificate.file_name(extension)),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Err(CommandError::io(format!(
            "cannot create the folder {}: {e}",
            dir.display()
        )));
    }
    if let Err(e) = std::fs::write(&path, body) {
        return Err(CommandError::io(format!(
            "cannot write the certificate to {}: {e}",
            path.display()
        )));
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
    Ok(())
}

/// Prints what the check found on `out`; a certificate that does not verify is the error.
fn verify_file(
    file: &Path,
    attempts: &[crate::records::AttemptRecord],
    db: &str,
    out: &mut dyn Write,
) -> CommandResult {
    let read = crate::format::read::read_limited(
        file,
        crate::format::read::CERTIFICATE_LIMIT,
        "a certificate",
    );
    let text = match read {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            return Err(CommandError::io(format!(
                "cannot read {}: {e}",
                file.display()
            )));
        }
    };
    let shown = file.display();
    let not_verified = || CommandError::failed(format!("{shown} is not verified"));
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
            Ok(())
        }
        Verification::NoHash => {
            writeln!(
                out,
                "Not verified: {shown} has no single SHA-256 verification hash, so it is not a canteen certificate or has been changed."
            )?;
            Err(not_verified())
        }
        Verification::Missing(ids) if ids.is_empty() => {
            writeln!(
                out,
                "Not verified: {shown} names no attempt records, so it is not a canteen certificate or has been changed."
            )?;
            Err(not_verified())
        }
        Verification::Missing(ids) => {
            writeln!(
                out,
                "Not verified: these attempt records named in {shown} are not in {db}: {}. \
                 Check against the database of the computer the training was done on (--data-dir).",
                ids.join(", ")
            )?;
            Err(not_verified())
        }
        Verification::Mismatch { printed, actual } => {
            writeln!(
                out,
                "Not verified: the records in {db} hash to {actual}, but {shown} says {printed}. \
                 The certificate or the records have been changed since it was made."
            )?;
            Err(not_verified())
        }
    }
}
