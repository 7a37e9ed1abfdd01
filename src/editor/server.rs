//! `canteen lsp`: a language server over stdio for editors (VS Code, Neovim, Helix). It checks
//! the file as it is typed with the validator itself (the same codes, words and help as
//! `canteen validate`), and finds, completes and explains scene, flag and principle ids.

use std::collections::HashMap;
use std::sync::Arc;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{Completion, GotoDefinition, HoverRequest, References, Request as _};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, CompletionResponse, Diagnostic,
    DiagnosticSeverity, GotoDefinitionResponse, Hover, HoverContents, HoverProviderCapability,
    Location, MarkupContent, MarkupKind, NumberOrString, OneOf, Position, PublishDiagnosticsParams,
    Range, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};

use super::symbols::{self, Sort, Symbol};
use crate::checks::check;
use crate::format::{self, Severity, SourceFile};
use crate::model::Catalogue;

/// Why the server stopped other than by the editor's `shutdown` and `exit`.
pub type ServerError = Box<dyn std::error::Error + Send + Sync>;

/// Serves one editor on stdin and stdout until it shuts the server down.
pub fn serve() -> Result<(), ServerError> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_string(), ".".to_string()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    connection.initialize(serde_json::to_value(capabilities)?)?;
    let mut server = Server {
        catalogue: Catalogue::shipped(),
        documents: HashMap::new(),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    break;
                }
                let response = server.request(request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(n) => {
                for out in server.notification(n) {
                    connection.sender.send(Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(connection);
    io_threads.join()?;
    Ok(())
}

struct Server {
    catalogue: Catalogue,
    documents: HashMap<Url, Arc<SourceFile>>,
}

impl Server {
    fn notification(&mut self, n: Notification) -> Vec<Notification> {
        let uri = match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                else {
                    return vec![];
                };
                self.open(p.text_document.uri.clone(), &p.text_document.text);
                p.text_document.uri
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                else {
                    return vec![];
                };
                // Full sync: the last change is the whole text.
                let Some(change) = p.content_changes.last() else {
                    return vec![];
                };
                self.open(p.text_document.uri.clone(), &change.text);
                p.text_document.uri
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                {
                    self.documents.remove(&p.text_document.uri);
                }
                return vec![];
            }
            _ => return vec![],
        };
        self.diagnostics(&uri).into_iter().collect()
    }

    fn open(&mut self, uri: Url, text: &str) {
        let name = uri
            .to_file_path()
            .map_or_else(|_| uri.path().to_string(), |p| p.display().to_string());
        self.documents
            .insert(uri, Arc::new(SourceFile::read(name, text.as_bytes())));
    }

    /// The validator's diagnostics for a document, as LSP diagnostics.
    fn diagnostics(&self, uri: &Url) -> Option<Notification> {
        let file = self.documents.get(uri)?;
        let checked = check(Arc::clone(file), &self.catalogue);
        let diagnostics = checked
            .diagnostics
            .iter()
            .map(|d| to_lsp(file, d))
            .collect();
        let params = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: None,
        };
        Some(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        ))
    }

    fn request(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            GotoDefinition::METHOD => self
                .position(&request)
                .map(|(uri, file, at)| self.definition(&uri, &file, at))
                .and_then(|r| serde_json::to_value(r).ok()),
            References::METHOD => self
                .position(&request)
                .map(|(uri, file, at)| self.references(&uri, &file, at))
                .and_then(|r| serde_json::to_value(r).ok()),
            Completion::METHOD => self
                .position(&request)
                .map(|(_, file, at)| self.completion(&file, at))
                .and_then(|r| serde_json::to_value(r).ok()),
            HoverRequest::METHOD => self
                .position(&request)
                .map(|(_, file, at)| self.hover(&file, at))
                .and_then(|r| serde_json::to_value(r).ok()),
            _ => {
                return Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("canteen lsp does not answer {}", request.method),
                );
            }
        };
        ok(id, result.unwrap_or(serde_json::Value::Null))
    }

    /// The document and byte offset a request's `textDocument` and `position` name.
    fn position(&self, request: &Request) -> Option<(Url, Arc<SourceFile>, usize)> {
        let p: lsp_types::TextDocumentPositionParams =
            serde_json::from_value(request.params.clone()).ok()?;
        let file = self.documents.get(&p.text_document.uri)?;
        let at = offset_of(file, p.position);
        Some((p.text_document.uri, Arc::clone(file), at))
    }

    fn definition(
        &self,
        uri: &Url,
        file: &SourceFile,
        at: usize,
    ) -> Option<GotoDefinitionResponse> {
        let all = symbols::symbols(&file.text);
        let here = symbols::at(&all, at)?;
        let target = all
            .iter()
            .find(|s| s.sort == here.sort && s.name == here.name && s.defines)?;
        Some(GotoDefinitionResponse::Scalar(location(uri, file, target)))
    }

    fn references(&self, uri: &Url, file: &SourceFile, at: usize) -> Vec<Location> {
        let all = symbols::symbols(&file.text);
        let Some(here) = symbols::at(&all, at) else {
            return vec![];
        };
        all.iter()
            .filter(|s| s.sort == here.sort && s.name == here.name)
            .map(|s| location(uri, file, s))
            .collect()
    }

    fn completion(&self, file: &SourceFile, at: usize) -> CompletionResponse {
        let text: &str = &file.text;
        let all = symbols::symbols(text);
        let named = |sort: Sort| {
            let mut names: Vec<String> = all
                .iter()
                .filter(|s| s.sort == sort && (s.defines || sort != Sort::Scene))
                .map(|s| s.name.clone())
                .filter(|n| !n.is_empty())
                .collect();
            names.sort();
            names.dedup();
            names
        };
        // Inside quotes already (`next: "`), complete the id alone; else with its quotes.
        let quoted = text[..at.min(text.len())]
            .rsplit('\n')
            .next()
            .is_some_and(|line| line.matches('"').count() % 2 == 1);
        let item = |label: String, kind, detail: Option<String>| CompletionItem {
            insert_text: Some(if quoted {
                label.clone()
            } else {
                format!("\"{label}\"")
            }),
            label,
            kind: Some(kind),
            detail,
            ..CompletionItem::default()
        };
        // In a text, after `{trust.`: the trust profile's keys.
        let before = &text[..at.min(text.len())];
        if before.ends_with(crate::model::trust::PREFIX) {
            let items = crate::model::trust::KEYS
                .iter()
                .map(|k| CompletionItem {
                    label: format!("{{trust.{k}}}"),
                    insert_text: Some(format!("{k}}}")),
                    kind: Some(CompletionItemKind::CONSTANT),
                    detail: self.catalogue.trust.get(k).map(str::to_string),
                    ..CompletionItem::default()
                })
                .collect();
            return CompletionResponse::Array(items);
        }
        let items = match symbols::field_at(text, at).as_deref() {
            Some("next" | "start") => named(Sort::Scene)
                .into_iter()
                .map(|n| item(n, CompletionItemKind::REFERENCE, None))
                .collect(),
            Some("sets" | "requires" | "unless") => named(Sort::Flag)
                .into_iter()
                .map(|n| item(n, CompletionItemKind::VARIABLE, None))
                .collect(),
            Some("effects") => self
                .catalogue
                .principles
                .iter()
                .map(|p| {
                    item(
                        p.id.clone(),
                        CompletionItemKind::ENUM_MEMBER,
                        Some(p.name.clone()),
                    )
                })
                .collect(),
            Some("cites" | "sources") => self
                .catalogue
                .sources
                .iter()
                .map(|s| {
                    item(
                        s.id.clone(),
                        CompletionItemKind::REFERENCE,
                        Some(s.name().to_string()),
                    )
                })
                .collect(),
            Some("roles") => self
                .catalogue
                .roles
                .iter()
                .map(|r| {
                    item(
                        r.id.clone(),
                        CompletionItemKind::ENUM_MEMBER,
                        Some(r.name.clone()),
                    )
                })
                .collect(),
            _ => vec![],
        };
        CompletionResponse::Array(items)
    }

    fn hover(&self, file: &SourceFile, at: usize) -> Option<Hover> {
        let all = symbols::symbols(&file.text);
        let here = symbols::at(&all, at)?;
        let value = match here.sort {
            Sort::Principle => {
                let p = self.catalogue.principle(&here.name)?;
                format!(
                    "**{}** (`{}`)\n\n{}\n\nSources: {}",
                    p.name,
                    p.id,
                    p.description,
                    p.sources.join("; ")
                )
            }
            Sort::Scene => {
                let n = all
                    .iter()
                    .filter(|s| s.sort == Sort::Scene && s.name == here.name && !s.defines)
                    .count();
                format!(
                    "scene or ending `{}`: {n} choice{} lead here",
                    here.name,
                    if n == 1 { "" } else { "s" }
                )
            }
            Sort::Flag => format!("flag `{}`", here.name),
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(range(file, here.range.start, here.range.end)),
        })
    }
}

fn ok(id: RequestId, result: serde_json::Value) -> Response {
    Response {
        id,
        response_result: Ok(result),
    }
}

fn location(uri: &Url, file: &SourceFile, s: &Symbol) -> Location {
    Location {
        uri: uri.clone(),
        range: range(file, s.range.start, s.range.end),
    }
}

/// An LSP position (its character counted in UTF-16 units, as LSP does by default).
fn position(file: &SourceFile, offset: usize) -> Position {
    let (line, _) = file.line_col(offset);
    let start = file.line_range(line - 1).start;
    let mut end = offset.min(file.text.len()).max(start);
    while !file.text.is_char_boundary(end) {
        end -= 1;
    }
    let character = file.text[start..end].encode_utf16().count();
    Position::new((line - 1) as u32, character as u32)
}

fn range(file: &SourceFile, start: usize, end: usize) -> Range {
    Range::new(position(file, start), position(file, end))
}

/// The byte offset of an LSP position.
fn offset_of(file: &SourceFile, p: Position) -> usize {
    let line = file.line_range(p.line as usize);
    let mut units = 0;
    for (i, c) in file.text[line.clone()].char_indices() {
        if units >= p.character as usize {
            return line.start + i;
        }
        units += c.len_utf16();
    }
    line.end
}

fn to_lsp(file: &SourceFile, d: &format::Diagnostic) -> Diagnostic {
    let range = d.span.map_or_else(Range::default, |s| {
        range(file, s.offset, s.offset + s.len.max(1))
    });
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    Diagnostic {
        range,
        severity: Some(match d.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.code().to_string())),
        source: Some("canteen".to_string()),
        message,
        ..Diagnostic::default()
    }
}
