//! The `canteen` command line: parses arguments and hands each subcommand to its module.

mod certificate;
mod export;
mod list;
mod play;
mod records;
mod report;
mod validate;
mod walk;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};

use crate::library::{Library, Pack};

/// canteen: practise using social media well in the NHS, one scenario at a time.
///
/// "If you wouldn't say it in the canteen, don't type it" is where NHS social media policies
/// start. canteen goes further: branching scenarios, feedback on every choice, and a score
/// against the principles of the NHS guidance.
#[derive(Debug, Parser)]
#[command(name = "canteen", version, about, long_about)]
pub struct Cli {
    /// Play a trust's own scenario pack (a .ron file or a folder) instead of the shipped one.
    #[arg(long, global = true, env = "CANTEEN_SCENARIOS", value_name = "PATH")]
    pub scenarios: Option<PathBuf>,

    /// Plain numbered lines on stdout, answers from stdin: for screen readers, pipes and
    /// scripts (used automatically when stdout is not a terminal).
    #[arg(long, global = true)]
    pub plain: bool,

    /// Colour theme of the full-screen trainer (NO_COLOR is respected by both).
    #[arg(long, global = true, value_enum, default_value_t)]
    pub theme: crate::tui::theme::ThemeName,

    /// Folder for your training records (default: the platform's data folder, e.g.
    /// ~/.local/share/canteen on Linux).
    #[arg(long, global = true, env = "CANTEEN_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Start attempts from this seed, to reproduce a session exactly.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Your completed attempts: scenario, date, time taken, result and scores.
    Records {
        /// Output format.
        #[arg(long, value_enum, default_value_t = records::RecordsFormat::Table)]
        format: records::RecordsFormat,
        /// Move a damaged or foreign records file aside (it is renamed, never deleted) so a
        /// fresh one can be started.
        #[arg(long)]
        move_aside: bool,
    },
    /// List the scenarios with their audience, length and validation status.
    List {
        /// Scenario files or folders (default: the shipped pack).
        paths: Vec<PathBuf>,
    },
    /// Check scenario files and report every problem with its place and a fix.
    Validate {
        /// Scenario files or folders (default: the shipped pack).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (exit status 1).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Path statistics for one scenario, and random walks through it.
    Walk {
        /// The scenario: its id, or the path of its file.
        scenario: String,
        /// Play this many random walks and summarise them.
        #[arg(long, value_name = "N")]
        random: Option<usize>,
        /// Seed for the random walks (the same seed gives the same walks).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// A certificate of the scenarios you have passed: a printable HTML page, or plain text.
    Certificate {
        /// Where to write it ("-" for the screen). By default HTML goes into the certificates
        /// folder beside your records and text is printed on the screen.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The certificate's form.
        #[arg(long, value_enum, default_value_t = certificate::CertificateFormat::Html)]
        format: certificate::CertificateFormat,
        /// Check a certificate against the records in the database instead of making one.
        #[arg(long, value_name = "FILE", conflicts_with = "out")]
        verify: Option<PathBuf>,
    },
    /// Export your records: attempt records for a manager's report, or xAPI statements for a
    /// learning record store (LRS).
    #[command(group(ArgGroup::new("what").required(true).multiple(true).args(["records", "xapi", "lrs"])))]
    Export {
        /// Write your attempt records as JSON lines to FILE ("-" for the screen), for
        /// `canteen report`.
        #[arg(long, value_name = "FILE")]
        records: Option<PathBuf>,
        /// Write xAPI 1.0.3 statements as JSON lines to FILE ("-" for the screen).
        #[arg(long, value_name = "FILE")]
        xapi: Option<PathBuf>,
        /// Send xAPI statements to the LRS endpoint at URL, through the outbox in your records.
        /// The key and secret come from CANTEEN_LRS_KEY and CANTEEN_LRS_SECRET or the settings
        /// file, never from the command line.
        #[arg(long, value_name = "URL")]
        lrs: Option<String>,
        /// Statements per request to the LRS.
        #[arg(long, value_name = "N", default_value_t = 50,
              value_parser = clap::value_parser!(u16).range(1..=1000))]
        batch: u16,
    },
    /// For managers: pass rate and mean score per scenario, the weakest principles and the
    /// choices most often made wrongly, across records collected from learners.
    Report {
        /// Record files (from `canteen export --records` or `canteen records --format json`),
        /// canteen.db files, or folders of them.
        #[arg(required = true, value_name = "RECORD FILES OR FOLDERS")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: report::ReportFormat,
        /// Also list each attempt with the learner's name, their choices and the file it came
        /// from. Without it the report shows aggregates only.
        #[arg(long)]
        individual: bool,
        /// How many of the choices made wrongly to list.
        #[arg(long, value_name = "N", default_value_t = 10)]
        top: usize,
    },
}

/// Human or machine output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Runs canteen with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match run(cli, &mut out) {
        Ok(code) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("canteen: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command line, writing to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> std::io::Result<ExitCode> {
    let default_pack = |paths: &[PathBuf]| {
        if !paths.is_empty() {
            Pack::Paths(paths.to_vec())
        } else {
            cli.scenarios
                .clone()
                .map_or(Pack::Shipped, |p| Pack::Paths(vec![p]))
        }
    };
    match &cli.command {
        None => play::run(&cli, Library::load(&default_pack(&[])), out),
        Some(Command::Records { format, move_aside }) => {
            records::run(&cli, *format, *move_aside, out)
        }
        Some(Command::List { paths }) => list::run(&Library::load(&default_pack(paths)), out),
        Some(Command::Validate {
            paths,
            format,
            deny_warnings,
        }) => validate::run(
            &Library::load(&default_pack(paths)),
            *format,
            *deny_warnings,
            out,
        ),
        Some(Command::Walk {
            scenario,
            random,
            seed,
            format,
        }) => {
            let path = PathBuf::from(scenario);
            let pack = if path.is_file() {
                Pack::Paths(vec![path])
            } else {
                default_pack(&[])
            };
            walk::run(
                &Library::load(&pack),
                scenario,
                *random,
                *seed,
                *format,
                out,
            )
        }
        Some(Command::Certificate {
            out: file,
            format,
            verify,
        }) => certificate::run(&cli, file.as_deref(), *format, verify.as_deref(), out),
        Some(Command::Export {
            records,
            xapi,
            lrs,
            batch,
        }) => export::run(
            &cli,
            &Library::load(&default_pack(&[])),
            export::Export {
                records: records.as_deref(),
                xapi: xapi.as_deref(),
                lrs: lrs.as_deref(),
                batch: usize::from(*batch),
            },
            out,
        ),
        Some(Command::Report {
            paths,
            format,
            individual,
            top,
        }) => report::run(
            &Library::load(&default_pack(&[])),
            report::Asked {
                paths,
                format: *format,
                individual: *individual,
                top: *top,
            },
            out,
        ),
    }
}

/// Renders diagnostics for a terminal or a pipe: graphical with the source underlined.
pub(crate) fn render_diagnostics<'a>(
    diagnostics: impl Iterator<Item = &'a crate::scenario::Diagnostic>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    use std::io::IsTerminal;
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    for d in diagnostics {
        write!(out, "{}", d.render(100, colour))?;
    }
    Ok(())
}
