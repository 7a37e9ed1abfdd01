//! The `canteen` command line: the options every command shares, one `Args` struct per
//! subcommand (in that subcommand's module), and the one place errors are printed.

mod catalogue;
mod certificate;
mod checklist;
mod error;
mod export;
mod fix;
mod graph;
mod ids;
mod list;
mod new;
mod package;
mod pathways;
mod play;
mod preview;
mod records;
mod report;
mod script;
mod serve;
mod test;
mod validate;
mod walk;
mod workshop;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use error::{CommandError, CommandResult, ErrorKind};

use crate::engine::Scenario;
use crate::library::{Library, Pack};
use crate::present::theme::ThemeName;

/// canteen: practise using social media well in the NHS, one scenario at a time.
///
/// "If you wouldn't say it in the canteen, don't type it" is where NHS social media policies
/// start. canteen goes further: branching scenarios, feedback on every choice, and a score
/// against the principles of the NHS guidance.
///
/// Exit status: 0 done; 1 scenario problems found, or the command declined or its check failed;
/// 2 the command line cannot be done here, or a file or the records could not be used; 128 plus
/// the signal's number when stopped by a signal.
#[derive(Debug, Parser)]
#[command(name = "canteen", version, about, long_about)]
pub struct Cli {
    /// The options every command takes.
    #[command(flatten)]
    pub global: Global,

    /// The subcommand; none plays the trainer.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options every command takes, before or after the subcommand.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Play a trust's own scenario pack (a .ron file or a folder) instead of the shipped one.
    #[arg(long, global = true, env = "CANTEEN_SCENARIOS", value_name = "PATH")]
    pub scenarios: Option<PathBuf>,

    /// Plain numbered lines on stdout, answers from stdin: for screen readers, pipes and
    /// scripts (used automatically when stdout is not a terminal).
    #[arg(long, global = true)]
    pub plain: bool,

    /// Colour theme of the full-screen trainer (NO_COLOR is respected by both).
    #[arg(long, global = true, value_enum, default_value_t)]
    pub theme: Theme,

    /// Folder for your training records (default: the platform's data folder, e.g.
    /// ~/.local/share/canteen on Linux).
    #[arg(long, global = true, env = "CANTEEN_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The seed of the random stream that varies texts, shuffles choices, draws chance and
    /// picks random walks: the same seed replays the same session, walks or sample. Without
    /// it the trainer, workshop and preview draw a fresh seed; walk and test use 1.
    #[arg(long, global = true, value_name = "N")]
    pub seed: Option<u64>,

    /// The trust's profile (a RON file like assets/trust.ron): its names for the messaging
    /// tool, incident system, PALS, Freedom to Speak Up route, teams and policies, filled into
    /// scenario text. Default: `trust` in the settings file, else neutral names.
    #[arg(long, global = true, env = "CANTEEN_TRUST", value_name = "FILE")]
    pub trust: Option<PathBuf>,
}

/// The seed `walk` and `test` use without `--seed`, so their reports repeat.
const REPORT_SEED: u64 = 1;

impl Global {
    /// Loads a pack for the trust this run is for: `--trust`, else the settings file's
    /// `trust`, else neutral names.
    pub fn library(&self, pack: &Pack) -> Result<Library, CommandError> {
        let path = match &self.trust {
            Some(p) => Some(p.clone()),
            None => {
                crate::records::settings::Settings::load(&crate::records::settings::settings_path())
                    .map_err(|e| CommandError::settings(e.to_string()))?
                    .trust
            }
        };
        let trust = match path {
            None => crate::model::Trust::shipped(),
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    CommandError::settings(format!(
                        "cannot read the trust profile {}: {e}",
                        p.display()
                    ))
                })?;
                let theirs = crate::model::Trust::parse(&text).map_err(|e| {
                    CommandError::settings(format!(
                        "the trust profile {} is not valid at line {}, column {}: {}",
                        p.display(),
                        e.span.start.line,
                        e.span.start.col,
                        e.code
                    ))
                    .with_hint("It is a RON file like Trust(incident_system: \"Datix\", pals: \"PALS\"); any name left out keeps canteen's neutral default")
                })?;
                crate::model::Trust::shipped().overlaid(theirs)
            }
        };
        Ok(Library::load_for(pack, trust))
    }

    /// The seed for a session: `--seed`, else a fresh one.
    fn session_seed(&self) -> u64 {
        use rand::RngExt;
        self.seed.unwrap_or_else(|| rand::rng().random())
    }

    /// The seed for a report's random walks: `--seed`, else [`REPORT_SEED`].
    fn report_seed(&self) -> u64 {
        self.seed.unwrap_or(REPORT_SEED)
    }

    /// The pack `--scenarios` names, else the shipped one.
    pub(crate) fn pack(&self) -> Pack {
        self.scenarios
            .clone()
            .map_or(Pack::Shipped, |p| Pack::Paths(vec![p]))
    }

    /// The files and folders given, else [`Global::pack`].
    fn pack_of(&self, paths: &[PathBuf]) -> Pack {
        if paths.is_empty() {
            self.pack()
        } else {
            Pack::Paths(paths.to_vec())
        }
    }

    /// For a command naming one scenario: just that file when the key is one, else the pack.
    fn pack_for(&self, key: &str) -> Pack {
        let path = Path::new(key);
        if path.is_file() {
            Pack::Paths(vec![path.to_path_buf()])
        } else {
            self.pack()
        }
    }

    /// The trainer's theme, plain when `NO_COLOR` is set.
    fn theme(&self) -> crate::present::theme::Theme {
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        crate::present::theme::Theme::new(self.theme.into(), no_colour)
    }
}

/// The themes a learner can choose with `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Theme {
    /// The standard colours.
    #[default]
    Default,
    /// White on black with yellow highlights, bold and underlined titles.
    HighContrast,
}

impl From<Theme> for ThemeName {
    fn from(theme: Theme) -> ThemeName {
        match theme {
            Theme::Default => ThemeName::Default,
            Theme::HighContrast => ThemeName::HighContrast,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario with a group on a projector; the room votes by show of hands or phones.
    Workshop(workshop::Args),
    /// Serve the trainer as web pages for every learner (loopback unless --bind says
    /// otherwise); `serve invite EMAIL...` prints single-use sign-in links.
    Serve(Box<serve::Args>),
    /// Your completed attempts: scenario, date, time taken, result and scores.
    Records(records::Args),
    /// List the scenarios with their audience, length and validation status.
    List(list::Args),
    /// Check scenario files and report every problem with its place and a fix.
    Validate(validate::Args),
    /// The library's coverage: principles by scenario, roles, size, and the coverage rules.
    Catalogue(catalogue::Args),
    /// Path statistics for one scenario, and random walks through it (seeded by --seed).
    Walk(walk::Args),
    /// Repair curly quotes, special spaces, encodings, line endings and raw texts closed with
    /// `"` in scenario files, in place, keeping everything else; --check only reports.
    Fix(fix::Args),
    /// A language server for editors on stdin and stdout: problems as you type, go to
    /// definition, references, completion and hover for scene, flag and principle ids.
    Lsp,
    /// The principle ids a choice's effects may score, with what each asks.
    Principles(ids::Args),
    /// The role ids a scenario's audience may name.
    Roles(ids::Args),
    /// Each role's required training: the scenarios to pass, with titles, minutes and how
    /// often; --check FILE checks a trust's own pathways file.
    Pathways(pathways::Args),
    /// Start a new scenario from the commented template (refuses to overwrite a file).
    New(new::Args),
    /// Draw a scenario's scene graph: choices as labelled edges, the best path highlighted.
    Graph(graph::Args),
    /// A scenario in reading order (every scene, choice, verdict, points, source and ending,
    /// the trust's names filled in) for the people who sign content off.
    Script(script::Args),
    /// The sources principles and choices cite: who each binds, and when it was checked.
    Sources,
    /// Play a scenario file full-screen while you write it: every save reloads it and replays
    /// your decisions so far; problems show beside the story. Keeps no records.
    Preview(preview::Args),
    /// Run every author expectation and check every path; exit status 1 on any failure.
    Test(test::Args),
    /// A certificate of the scenarios you have passed: a printable HTML page, or plain text.
    Certificate(certificate::Args),
    /// The local arrangements you chose in your latest attempt at a scenario, as a checklist
    /// for your team: plain text on the screen, or --markdown to a file.
    Checklist(checklist::Args),
    /// Export your records: attempt records for a manager's report, or xAPI statements for a
    /// learning record store (LRS).
    Export(export::Args),
    /// A course package for the trust's LMS (--cmi5, or --scorm12 for ESR and most others):
    /// one unit per scenario, launching the trainer at a running `canteen serve`.
    Package(package::Args),
    /// For managers: pass rate and mean score per scenario, the weakest principles and the
    /// choices most often made wrongly, across records collected from learners.
    Report(report::Args),
}

/// Human or machine output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for people.
    Human,
    /// JSON for programs.
    Json,
}

/// Runs canteen with the process's arguments: the one place errors are printed (on stderr)
/// and turned into the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are asked for and go to stdout; anything else is a usage error.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(ErrorKind::Usage.exit_code())
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if matches!(cli.command, Some(Command::Lsp)) {
        // The language server writes its messages on stdout from a thread of its own, so
        // stdout must not be held locked here.
        return match crate::editor::server::serve() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let e = CommandError::io(format!("the language server stopped: {e}"));
                let _ = e.print(&mut std::io::stderr().lock());
                e.exit_code()
            }
        };
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = run(cli, &mut out);
    // The report comes before the error that ends it; a closed pipe is no reason to stop here.
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = e.print(&mut std::io::stderr().lock());
            e.exit_code()
        }
    }
}

/// Runs a parsed command line, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> CommandResult {
    let global = &cli.global;
    match &cli.command {
        None => play::run(global, global.library(&global.pack())?, out),
        Some(Command::Workshop(args)) => workshop::run(global, args, out),
        Some(Command::Serve(args)) => serve::run(global, args, out),
        Some(Command::Checklist(args)) => checklist::run(global, args, out),
        Some(Command::Records(args)) => records::run(global, args, out),
        Some(Command::List(args)) => list::run(&global.library(&global.pack_of(&args.paths))?, out),
        Some(Command::Validate(args)) => validate::run(
            &global.library(&validate::pack(global, &args.paths))?,
            args,
            out,
        ),
        Some(Command::Lsp) => crate::editor::server::serve()
            .map_err(|e| CommandError::io(format!("the language server stopped: {e}"))),
        Some(Command::Principles(args)) => ids::principles(args, out),
        Some(Command::Roles(args)) => ids::roles(args, out),
        Some(Command::Catalogue(args)) => {
            catalogue::run(&global.library(&global.pack_of(&args.paths))?, args, out)
        }
        Some(Command::Walk(args)) => walk::run(
            &global.library(&global.pack_for(&args.scenario))?,
            args,
            global.report_seed(),
            out,
        ),
        Some(Command::New(args)) => new::run(args, out),
        Some(Command::Pathways(args)) => pathways::run(global, args, out),
        Some(Command::Fix(args)) => fix::run(args, out),
        Some(Command::Graph(args)) => graph::run(
            &global.library(&global.pack_for(&args.scenario))?,
            args,
            out,
        ),
        Some(Command::Preview(args)) => preview::run(global, args),
        Some(Command::Script(args)) => script::run(
            &global.library(&global.pack_for(&args.scenario))?,
            args,
            out,
        ),
        Some(Command::Sources) => script::sources(&global.library(&global.pack())?, out),
        Some(Command::Test(args)) => test::run(
            &global.library(&global.pack_of(&args.paths))?,
            global.report_seed(),
            out,
        ),
        Some(Command::Certificate(args)) => certificate::run(global, args, out),
        Some(Command::Export(args)) => {
            export::run(global, &global.library(&global.pack())?, args, out)
        }
        Some(Command::Package(args)) => package::run(global, args, out),
        Some(Command::Report(args)) => report::run(&global.library(&global.pack())?, args, out),
    }
}

/// Finds the scenario a command names (by id or file), or says why it cannot: the
/// diagnostics of broken files and the ids of the valid ones.
pub(crate) fn find_scenario<'a>(
    library: &'a Library,
    key: &str,
) -> Result<&'a std::sync::Arc<Scenario>, CommandError> {
    if let Some(s) = library.find(key) {
        return Ok(s);
    }
    let ids: Vec<_> = library.scenarios().map(|s| s.meta().id.as_str()).collect();
    let ids = ids.join(", ");
    let mut error = CommandError::invalid(format!("no valid scenario \"{key}\""))
        .with_hint(format!("The valid scenarios are: {ids}"));
    if library.entries.iter().any(|e| e.scenario.is_none()) {
        let mut rendered = Vec::new();
        render_diagnostics(library.diagnostics(), colour_on_stderr(), &mut rendered)?;
        error = error.with_diagnostics(String::from_utf8_lossy(&rendered).into_owned());
    }
    Err(error)
}

/// Finds the scenario an author's tool (`walk`, `graph`) names like [`find_scenario`], and
/// also one whose only errors are failed expectations: those are shown on stderr first, and
/// the tool carries on, so the author can see why they fail.
pub(crate) fn find_authored_scenario<'a>(
    library: &'a Library,
    key: &str,
) -> Result<&'a std::sync::Arc<Scenario>, CommandError> {
    if let Some(s) = library.find(key) {
        return Ok(s);
    }
    let Some(s) = library.find_for_authoring(key) else {
        return find_scenario(library, key);
    };
    let failed = library
        .entries
        .iter()
        .filter(|e| {
            e.authored
                .as_ref()
                .is_some_and(|a| std::sync::Arc::ptr_eq(a, s))
        })
        .flat_map(|e| &e.diagnostics);
    let mut err = std::io::stderr().lock();
    render_diagnostics(failed, colour_on_stderr(), &mut err)?;
    writeln!(
        err,
        "canteen: note: {} fails its expectations (above), so learners are not offered it; showing it all the same",
        s.meta().id
    )?;
    Ok(s)
}

/// Whether output on stdout may be coloured: a terminal, and no `NO_COLOR`.
pub(crate) fn colour_on_stdout() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && no_colour_unset()
}

/// Whether output on stderr may be coloured: a terminal, and no `NO_COLOR`.
fn colour_on_stderr() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && no_colour_unset()
}

fn no_colour_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Renders diagnostics for a terminal or a pipe: graphical with the source underlined.
pub(crate) fn render_diagnostics<'a>(
    diagnostics: impl Iterator<Item = &'a crate::format::Diagnostic>,
    colour: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for d in diagnostics {
        write!(out, "{}", d.render(100, colour))?;
    }
    Ok(())
}
