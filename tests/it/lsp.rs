//! `canteen lsp` run as a child process and spoken to over JSON-RPC on stdio, as an editor
//! would: initialize, open a broken file, read the diagnostics, ask for completions, a
//! definition and a hover.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("canteen"))
            .arg("lsp")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Client {
            child,
            stdin,
            stdout,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// Sends a request and returns its result, passing over notifications on the way.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.receive();
            if m["id"] == id {
                return m["result"].clone();
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next diagnostics published.
    fn diagnostics(&mut self) -> Value {
        loop {
            let m = self.receive();
            if m["method"] == "textDocument/publishDiagnostics" {
                return m["params"].clone();
            }
        }
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        assert!(self.child.wait().unwrap().success());
    }
}

const URI: &str = "file:///tmp/ct013-dangling-target.ron";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/invalid")
            .join(name),
    )
    .unwrap()
}

fn at(text: &str, needle: &str, plus: usize) -> Value {
    let offset = text.find(needle).unwrap() + plus;
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..offset].encode_utf16().count()})
}

#[test]
fn the_language_server_reports_diagnostics_and_completes_ids_over_stdio() {
    let mut c = Client::start();
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["definitionProvider"], true);
    c.notify("initialized", json!({}));

    // A broken file: a choice leads to "secnd".
    let text = fixture("ct013-dangling-target.ron");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "ron", "version": 1, "text": text}}),
    );
    let published = c.diagnostics();
    assert_eq!(published["uri"], URI);
    let d = &published["diagnostics"][0];
    assert_eq!(d["code"], "CT013");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "canteen");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean \"second\"?"),
        "{d}"
    );
    // The range is the quoted id, on the line and in the columns validate reports.
    let line = text.lines().position(|l| l.contains("\"secnd\"")).unwrap();
    let column = text.lines().nth(line).unwrap().find("\"secnd\"").unwrap();
    assert_eq!(
        d["range"],
        json!({"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 7}})
    );

    // Completion inside `next: "` offers the scene and ending ids.
    let completion = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": at(&text, "next: \"secnd\"", 7)}),
    );
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"second") && labels.contains(&"end-good"),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"secnd"),
        "a dangling target is not a scene: {labels:?}"
    );

    // After `{trust.` in a text: the trust profile's keys, with the name each fills in.
    let with_placeholder = text.replace("text: \"A decision.\"", "text: \"Report it on {trust.\"");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": with_placeholder}]}),
    );
    let _ = c.diagnostics();
    let completion = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": at(&with_placeholder, "{trust.", 7)}),
    );
    let items = completion.as_array().unwrap();
    let incident = items
        .iter()
        .find(|i| i["label"] == "{trust.incident_system}")
        .unwrap_or_else(|| panic!("{completion}"));
    assert_eq!(incident["insertText"], "incident_system}");
    assert_eq!(incident["detail"], "the trust's incident reporting system");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    let _ = c.diagnostics();

    // Going to the definition of a scene named in `next:` lands on its key.
    let definition = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": URI}, "position": at(&text, "next: \"end-good\"", 8)}),
    );
    assert_eq!(
        definition["range"]["start"],
        at(&text, "\"end-good\": Ending", 1)
    );

    // Hover on a principle shows its description.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": at(&text, "\"professionalism\"", 2)}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Same standards online"),
        "{hover}"
    );

    // Fixing the file clears the diagnostics as it is typed.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": text.replace("\"secnd\"", "\"second\"")}]}),
    );
    let published = c.diagnostics();
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"CT013"), "{codes:?}");
    c.stop();
}
