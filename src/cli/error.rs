//! The command line's one error type: what went wrong, the exit status that means, and hints on
//! what to do next, kept apart from the message. Only [`super::main`] prints them, on stderr.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::records::StoreError;
use crate::records::gather::GatherError;
use crate::terminal::Stop;

/// What kind of failure a command met; each kind has one exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Scenario files have problems, or the scenario asked for is not a valid one (exit 1).
    Invalid,
    /// The command ran but what was asked is not done, or its check came out no: a file that
    /// would be overwritten, nothing passed to certify, a certificate that does not verify, no
    /// attempt records to report on, sending to the LRS stopped (exit 1).
    Failed,
    /// The command line asks for something canteen cannot do here: no terminal for a
    /// full-screen view, an address that is not an LRS or is already in use; clap's own
    /// complaints about the arguments share this status (exit 2).
    Usage,
    /// The settings file cannot be read, or lacks what the command needs, such as the LRS's key
    /// and secret (exit 2).
    Settings,
    /// The records file or the record files given are damaged, foreign or unreadable (exit 2).
    Records,
    /// A file or folder could not be read or written (exit 2).
    Io,
    /// A fault in canteen itself, to be reported as a bug (exit 2).
    Internal,
    /// Stopped from outside by a signal (exit 128 plus the signal's number, as shells expect).
    Interrupted {
        /// The signal's number.
        signal: i32,
    },
    /// The reader of stdout went away (`canteen list | head`): not a failure, exit 0 quietly.
    ClosedPipe,
}

impl ErrorKind {
    /// The exit status for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Invalid | ErrorKind::Failed => 1,
            ErrorKind::Usage
            | ErrorKind::Settings
            | ErrorKind::Records
            | ErrorKind::Io
            | ErrorKind::Internal => 2,
            ErrorKind::Interrupted { signal } => u8::try_from(128 + signal).unwrap_or(255),
            ErrorKind::ClosedPipe => 0,
        }
    }
}

/// Why a command did not succeed: a kind (which decides the exit status), a message, and hints
/// printed on lines of their own.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    kind: ErrorKind,
    message: String,
    hints: Vec<String>,
    /// Rendered scenario diagnostics that explain the error, printed before it.
    diagnostics: String,
}

/// What every subcommand returns: done, or why not.
pub type CommandResult = Result<(), CommandError>;

impl CommandError {
    /// An error of `kind` with `message` (lower case, no full stop, as a line after "error:").
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> CommandError {
        CommandError {
            kind,
            message: message.into(),
            hints: Vec::new(),
            diagnostics: String::new(),
        }
    }

    /// Scenario problems: see [`ErrorKind::Invalid`].
    pub fn invalid(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Invalid, message)
    }

    /// The command declines or its check fails: see [`ErrorKind::Failed`].
    pub fn failed(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Failed, message)
    }

    /// Cannot be done as asked here: see [`ErrorKind::Usage`].
    pub fn usage(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Usage, message)
    }

    /// The records are damaged or unavailable: see [`ErrorKind::Records`].
    pub fn records(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Records, message)
    }

    /// A file could not be read or written: see [`ErrorKind::Io`].
    pub fn io(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Io, message)
    }

    /// The settings will not do: see [`ErrorKind::Settings`].
    pub fn settings(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Settings, message)
    }

    /// A fault in canteen: see [`ErrorKind::Internal`].
    pub fn internal(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Internal, message)
    }

    /// Adds a line saying what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> CommandError {
        self.hints.push(hint.into());
        self
    }

    /// Adds rendered diagnostics that explain the error.
    pub(super) fn with_diagnostics(mut self, rendered: String) -> CommandError {
        self.diagnostics = rendered;
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without hints.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The hints, one per line.
    pub fn hints(&self) -> &[String] {
        &self.hints
    }

    /// The process's exit status for this error.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.kind.exit_code())
    }

    /// Prints the error: diagnostics, then `canteen: error: MESSAGE`, then a `hint: ...` line per
    /// hint, all on `stderr` (a stop by signal is said plainly, without "error:"). Nothing goes
    /// to `stdout`.
    pub fn print(&self, stderr: &mut dyn Write) -> io::Result<()> {
        if self.kind == ErrorKind::ClosedPipe {
            return Ok(());
        }
        write!(stderr, "{}", self.diagnostics)?;
        match self.kind {
            ErrorKind::Interrupted { .. } => writeln!(stderr, "{}.", self.message)?,
            _ => writeln!(stderr, "canteen: error: {}", self.message)?,
        }
        for hint in &self.hints {
            writeln!(stderr, "hint: {hint}")?;
        }
        Ok(())
    }
}

impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> CommandError {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CommandError::new(ErrorKind::ClosedPipe, e.to_string())
        } else {
            CommandError::io(e.to_string())
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> CommandError {
        CommandError::records(e.to_string())
    }
}

impl From<GatherError> for CommandError {
    fn from(e: GatherError) -> CommandError {
        CommandError::records(e.to_string())
    }
}

impl From<crate::records::settings::SettingsError> for CommandError {
    fn from(e: crate::records::settings::SettingsError) -> CommandError {
        CommandError::settings(e.to_string())
    }
}

impl From<serde_json::Error> for CommandError {
    // canteen only writes JSON of its own values, so a failure is a fault in canteen.
    fn from(e: serde_json::Error) -> CommandError {
        CommandError::internal(format!("cannot write JSON: {e}"))
    }
}

impl From<csv::Error> for CommandError {
    fn from(e: csv::Error) -> CommandError {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io.into(),
            other => CommandError::io(format!("{other:?}")),
        }
    }
}

impl From<Stop> for CommandError {
    fn from(stop: Stop) -> CommandError {
        CommandError::new(
            ErrorKind::Interrupted {
                signal: stop.signal,
            },
            stop.describe(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_exit_status() {
        assert_eq!(ErrorKind::Invalid.exit_code(), 1);
        assert_eq!(ErrorKind::Failed.exit_code(), 1);
        assert_eq!(ErrorKind::Usage.exit_code(), 2);
        assert_eq!(ErrorKind::Settings.exit_code(), 2);
        assert_eq!(ErrorKind::Internal.exit_code(), 2);
        assert_eq!(ErrorKind::Records.exit_code(), 2);
        assert_eq!(ErrorKind::Io.exit_code(), 2);
        assert_eq!(ErrorKind::Interrupted { signal: 15 }.exit_code(), 143);
        assert_eq!(ErrorKind::ClosedPipe.exit_code(), 0);
    }

    #[test]
    fn hints_print_on_their_own_lines_after_the_message() {
        let e = CommandError::failed("nothing to certify").with_hint("Play a scenario first");
        let mut err = Vec::new();
        e.print(&mut err).unwrap();
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "canteen: error: nothing to certify\nhint: Play a scenario first\n"
        );
    }

    #[test]
    fn a_closed_pipe_prints_nothing() {
        let e = CommandError::from(io::Error::from(io::ErrorKind::BrokenPipe));
        let mut err = Vec::new();
        e.print(&mut err).unwrap();
        assert!(err.is_empty());
        assert_eq!(e.kind().exit_code(), 0);
    }
}
