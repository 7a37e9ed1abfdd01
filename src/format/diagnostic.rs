//! A diagnostic for a scenario author: rule, message, where in which file, and what to do.
//!
//! It renders through miette (file name, line, column, the offending text underlined, a help
//! line) and serialises to JSON for `validate --format json`.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, SourceCode};
use serde::Serialize;

use super::rules::{Rule, Severity};
use super::source::{SourceFile, Span};

/// One problem found in a scenario file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: Rule,
    pub message: String,
    pub file: Arc<SourceFile>,
    /// The offending text, when it can be found.
    pub span: Option<Span>,
    /// A short note under the underlined text.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

/// The JSON shape of a diagnostic.
#[derive(Debug, Serialize)]
pub struct DiagnosticRecord<'a> {
    pub file: &'a str,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub code: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub label: Option<&'a str>,
    pub help: Option<&'a str>,
}

impl Diagnostic {
    /// A diagnostic for a rule with a message, in a file, located nowhere yet.
    pub fn new(rule: Rule, file: &Arc<SourceFile>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            message: message.into(),
            file: Arc::clone(file),
            span: None,
            label: None,
            help: None,
        }
    }

    /// Points the diagnostic at a span, with a label.
    pub fn at(mut self, span: Option<Span>, label: impl Into<String>) -> Diagnostic {
        self.span = span;
        self.label = Some(label.into());
        self
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }

    /// The 1-based line and column of the span, when there is one.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.span.map(|s| self.file.line_col(s.offset))
    }

    /// The machine-readable form.
    pub fn record(&self) -> DiagnosticRecord<'_> {
        let lc = self.line_col();
        DiagnosticRecord {
            file: &self.file.name,
            line: lc.map(|l| l.0),
            column: lc.map(|l| l.1),
            code: self.rule.code(),
            severity: self.severity(),
            message: &self.message,
            label: self.label.as_deref(),
            help: self.help.as_deref(),
        }
    }

    /// A one-line summary: `file:line:col: error[CT013]: message`.
    pub fn short(&self) -> String {
        let place = match self.line_col() {
            Some((l, c)) => format!("{}:{l}:{c}", self.file.name),
            None => self.file.name.clone(),
        };
        let severity = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        format!(
            "{place}: {severity}[{}]: {}",
            self.rule.code(),
            self.message
        )
    }

    /// Renders with miette's graphical handler at a given width, in colour or not.
    pub fn render(&self, width: usize, colour: bool) -> String {
        let theme = if colour {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme)
            .with_width(width)
            .with_links(false);
        let mut out = String::new();
        // Rendering into a String cannot fail.
        let windowed = self.span.and_then(|span| {
            super::snippet::Windowed::of(self, &self.file, span, self.label.as_deref())
        });
        let _ = match windowed {
            Some(windowed) => handler.render_report(&mut out, &windowed),
            None => handler.render_report(&mut out, self),
        };
        out
    }
}

// The code leads the headline, as in `× [CT013] choice "x" leads to "y", which does not exist`,
// so authors can search docs/authoring.md for it.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.rule.code(), self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.rule.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.span.map(|_| self as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            self.label.clone(),
            span.offset,
            span.len.max(1),
        ))))
    }
}

// The file's name is shown above the snippet: miette asks the source for it through
// `SpanContents::name`, so the diagnostic itself serves the text with its file name.
impl SourceCode for Diagnostic {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = super::snippet::read_lines(
            &self.file,
            span,
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(contents))
    }
}
