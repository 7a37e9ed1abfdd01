//! `canteen package`: the scenarios as a course package a trust's LMS imports, cmi5 or
//! SCORM 1.2, launching the trainer at a running `canteen serve`.

use std::io::Write;
use std::path::PathBuf;

use super::{CommandError, CommandResult, Global};
use crate::lms::course::Course;
use crate::lms::package::{PackageFile, write_zip};
use crate::records::settings::{IRI_BASE_ENV, Settings, settings_path};

/// `canteen package`: which kind of package, the trainer's address, and the zip to write.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("kind").required(true).args(["cmi5", "scorm12"])))]
pub struct Args {
    /// A cmi5 package: cmi5.xml with one assignable unit per scenario; the LMS launches each
    /// in its own window and reads the result from the statements canteen sends its LRS.
    #[arg(long)]
    pub cmi5: bool,
    /// A SCORM 1.2 package (ESR and most trust LMSs): imsmanifest.xml and one small page
    /// (SCO) per scenario that opens the trainer and reports status and score to the LMS.
    #[arg(long)]
    pub scorm12: bool,
    /// The address of the trust's `canteen serve` (its --public-url), e.g.
    /// https://training.example.nhs.uk; the units launch pages under it.
    #[arg(long, value_name = "BASE_URL")]
    pub url: String,
    /// The zip file to write.
    #[arg(value_name = "OUT.zip")]
    pub out: PathBuf,
}

pub(super) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> CommandResult {
    let settings = Settings::load(&settings_path())?.with_env(|n| std::env::var(n).ok());
    let library = global.library(&global.pack())?;
    let (iri_base, defaulted) = match settings.iri_base.as_deref().map(str::trim) {
        Some(b) if !b.is_empty() => (b.to_string(), false),
        _ => (args.url.clone(), true),
    };
    let course = Course::of(library.scenarios(), &args.url, &iri_base).map_err(|e| {
        CommandError::usage(e.to_string()).with_hint(
            "Give the address learners open for `canteen serve`, e.g. --url https://training.example.nhs.uk",
        )
    })?;
    let (files, what) = if args.cmi5 {
        let xml = crate::lms::cmi5_xml::course_structure(&course);
        (vec![PackageFile::text("cmi5.xml", xml)], "cmi5")
    } else {
        use crate::lms::{manifest, sco};
        let mut files = vec![PackageFile::text(
            "imsmanifest.xml",
            manifest::manifest(&course),
        )];
        files.push(PackageFile::text(
            manifest::SCO_SCRIPT,
            sco::SCRIPT.to_string(),
        ));
        for unit in &course.units {
            files.push(PackageFile::text(
                &manifest::sco_page(unit),
                sco::page(&course, unit),
            ));
        }
        (files, "SCORM 1.2")
    };
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Err(CommandError::io(format!(
            "cannot create the folder {}: {e}",
            dir.display()
        )));
    }
    let file = std::fs::File::create(&args.out)
        .map_err(|e| CommandError::io(format!("cannot write {}: {e}", args.out.display())))?;
    write_zip(&files, std::io::BufWriter::new(file))
        .map_err(|e| CommandError::io(format!("cannot write {}: {e}", args.out.display())))?;
    let n = course.units.len();
    writeln!(
        out,
        "Wrote a {what} package of {n} scenario{} to {}; its units launch at {}/.",
        if n == 1 { "" } else { "s" },
        args.out.display(),
        course.base_url
    )?;
    if defaulted {
        writeln!(
            out,
            "Its ids are under {}: set iri_base in the settings file or {IRI_BASE_ENV} to an \
             address the trust will keep, so a move of the server does not make a new course.",
            course.base_url
        )?;
    }
    Ok(())
}
