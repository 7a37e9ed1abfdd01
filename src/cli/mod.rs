//! The `canteen` command line: parses arguments and hands each subcommand to its module.

mod catalogue;
mod certificate;
mod export;
mod graph;
mod list;
mod new;
mod play;
mod preview;
mod records;
mod report;
mod test;
mod validate;
mod walk;
mod workshop;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};

use crate::engine::Scenario;
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
    pub theme: crate::present::theme::ThemeName,

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
    /// Run a scenario with a group on a projector; the room votes by show of hands or phones.
    Workshop {
        /// The scenario: its id, or the path of its file (asked for when left out).
        scenario: Option<String>,
        /// Let phones vote: serve the voting page (on loopback unless --bind says otherwise).
        #[arg(long)]
        serve: bool,
        /// Address and port to serve on, e.g. 0.0.0.0:8123 to reach phones on the room's network.
        #[arg(long, value_name = "ADDR:PORT")]
        bind: Option<std::net::SocketAddr>,
        /// The address phones should open (default: the --bind address; for 0.0.0.0, this
        /// computer's address on the room's network), e.g. http://10.1.2.3:8123.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Folder for the exported summaries (default: workshops/ in the records folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
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
    /// The library's coverage: principles by scenario, roles, size, and the coverage rules.
    Catalogue {
        /// Scenario files or folders (default: the shipped pack).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = catalogue::CatalogueFormat::Text)]
        format: catalogue::CatalogueFormat,
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
    /// Start a new scenario from the commented template (refuses to overwrite a file).
    New {
        /// The new scenario's id: lowercase letters, digits and hyphens, e.g. ward-photo.
        id: String,
        /// The audience role, from assets/roles.ron (nurse, porter, manager, ...).
        #[arg(long, default_value = crate::authoring::template::DEFAULT_ROLE)]
        role: String,
        /// The folder to write <ID>.ron in (created if missing).
        #[arg(long, default_value = "scenarios", value_name = "DIR")]
        dir: PathBuf,
    },
    /// Draw a scenario's scene graph: choices as labelled edges, the best path highlighted.
    Graph {
        /// The scenario: its id, or the path of its file.
        scenario: String,
        /// dot for Graphviz, mermaid for Markdown pages, text for the terminal.
        #[arg(long, value_enum, default_value_t = GraphFormat::Text)]
        format: GraphFormat,
    },
    /// Play a scenario file full-screen while you write it: every save reloads it and replays
    /// your decisions so far; problems show beside the story. Keeps no records.
    Preview {
        /// The scenario file (.ron).
        file: PathBuf,
    },
    /// Run every author expectation and check every path; exit status 1 on any failure.
    Test {
        /// Scenario files or folders (default: the shipped pack).
        paths: Vec<PathBuf>,
        /// Seed for the random walks used when a scenario has too many paths to play them all.
        #[arg(long, default_value_t = 1)]
        seed: u64,
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

/// How `canteen graph` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (draw it with `dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (GitHub, GitLab and many wikis draw these).
    Mermaid,
    /// An indented outline for the terminal.
    Text,
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
    // A command naming one scenario reads just that file when it is one; else the pack.
    let scenario_pack = |key: &str| {
        let path = PathBuf::from(key);
        if path.is_file() {
            Pack::Paths(vec![path])
        } else {
            cli.scenarios
                .clone()
                .map_or(Pack::Shipped, |p| Pack::Paths(vec![p]))
        }
    };
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
        Some(Command::Workshop {
            scenario,
            serve,
            bind,
            url,
            out: out_dir,
        }) => workshop::run(
            &cli,
            scenario.as_deref(),
            *serve || bind.is_some(),
            *bind,
            url.clone(),
            out_dir.clone(),
            out,
        ),
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
        Some(Command::Catalogue { paths, format }) => {
            catalogue::run(&Library::load(&default_pack(paths)), *format, out)
        }
        Some(Command::Walk {
            scenario,
            random,
            seed,
            format,
        }) => walk::run(
            &Library::load(&scenario_pack(scenario)),
            scenario,
            *random,
            *seed,
            *format,
            out,
        ),
        Some(Command::New { id, role, dir }) => new::run(id, role, dir, out),
        Some(Command::Graph { scenario, format }) => graph::run(
            &Library::load(&scenario_pack(scenario)),
            scenario,
            *format,
            out,
        ),
        Some(Command::Preview { file }) => preview::run(&cli, file, out),
        Some(Command::Test { paths, seed }) => {
            test::run(&Library::load(&default_pack(paths)), *seed, out)
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

/// Finds the scenario a command names (by id or file), or explains why it cannot: the
/// diagnostics of broken files and the ids of the valid ones.
pub(crate) fn find_scenario<'a>(
    library: &'a Library,
    key: &str,
    out: &mut dyn Write,
) -> std::io::Result<Option<&'a std::sync::Arc<Scenario>>> {
    if let Some(s) = library.find(key) {
        return Ok(Some(s));
    }
    if library.entries.iter().any(|e| e.scenario.is_none()) {
        render_diagnostics(library.diagnostics(), out)?;
    }
    let ids: Vec<_> = library.scenarios().map(|s| s.meta().id.as_str()).collect();
    writeln!(
        out,
        "No valid scenario \"{key}\". Valid scenarios: {}",
        ids.join(", ")
    )?;
    Ok(None)
}

/// Renders diagnostics for a terminal or a pipe: graphical with the source underlined.
pub(crate) fn render_diagnostics<'a>(
    diagnostics: impl Iterator<Item = &'a crate::format::Diagnostic>,
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
