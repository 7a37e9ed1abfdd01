//! The mistakes a trainer copying from Word, Outlook or Notepad makes in a file, driven through
//! the real binary: each named where it is, in characters, with no Rust names in the words.

use std::path::Path;

use crate::support::binary::canteen;

const BASE: &str = "tests/fixtures/invalid/ct092-byte-order-mark.ron";

/// The clean scenario under the CT092 fixture's byte-order mark.
fn base() -> String {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(BASE)).unwrap();
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

fn validate_json(dir: &Path, name: &str, bytes: &[u8]) -> serde_json::Value {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let output = canteen()
        .args(["validate", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_utf16_file_is_named_with_a_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(base().encode_utf16().flat_map(u16::to_le_bytes));
    let doc = validate_json(dir.path(), "ct092-byte-order-mark.ron", &bytes);
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "CT094");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(d["message"].as_str().unwrap().contains("UTF-16"), "{d}");
}

#[test]
fn columns_count_characters_in_the_header_and_the_json_alike() {
    let dir = tempfile::tempdir().unwrap();
    // `’` and `—` are three bytes each in UTF-8: a byte count would put the column 4 further on.
    let text = base().replace("title: \"Fixture\",", "title: \"Nurse’s post — draft\" x,");
    let doc = validate_json(dir.path(), "ct092-byte-order-mark.ron", text.as_bytes());
    let d = &doc["files"][0]["diagnostics"][0];
    let (line, column) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
    let line_text = text.lines().nth(line as usize - 1).unwrap();
    let expected = line_text.find("\" x").unwrap();
    assert_eq!(column as usize, line_text[..expected].chars().count() + 1);
    let output = canteen()
        .arg("validate")
        .arg(dir.path().join("ct092-byte-order-mark.ron"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(&format!("ct092-byte-order-mark.ron:{line}:{column}]")),
        "{stdout}"
    );
}

#[test]
fn messages_never_name_rust_types() {
    let dir = tempfile::tempdir().unwrap();
    let broken = [
        base().replace("verdict: Best", "verdict: Good"),
        base().replace("pass_mark: 50,", "pass_mark: \"50\","),
        base().replace("Scenario(", "Scenario"),
        base().replace("scenes: {", "scenes: ["),
        base().replace("\"end-good\": Ending(", "\"end-good\": Scene("),
        format!(
            "{}\n    expect: [Pass([\"good\"])],\n)",
            base().trim_end().trim_end_matches(')')
        ),
    ];
    for text in broken {
        let doc = validate_json(dir.path(), "ct092-byte-order-mark.ron", text.as_bytes());
        let words = doc["files"][0]["diagnostics"].to_string();
        for rust in ["struct", "Raw", "enum ", "i8", "u32"] {
            assert!(!words.contains(rust), "{rust} in {words}");
        }
    }
}

#[test]
fn notes_never_fail_validate_even_with_warnings_denied() {
    let output = canteen()
        .args([
            "validate",
            "--deny-warnings",
            "tests/fixtures/invalid/ct091-line-endings.ron",
            BASE,
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 warnings, 2 notes"), "{stdout}");
}

#[test]
fn fix_repairs_each_character_mistake_and_keeps_every_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let clean = base();
    for fixture in [
        "ct090-run-on-text.ron",
        "ct091-line-endings.ron",
        "ct092-byte-order-mark.ron",
        "ct093-stray-character.ron",
        "ct094-encoding.ron",
    ] {
        std::fs::copy(root.join(fixture), dir.path().join(fixture)).unwrap();
    }
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let check = canteen()
        .args(["fix", "--check"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let after_check: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(before, after_check, "--check changed a file");
    let stdout = String::from_utf8(check.stdout).unwrap();
    assert!(
        stdout.contains(
            "ct093-stray-character.ron:14:19: replaced LEFT DOUBLE QUOTATION MARK (U+201C) with `\"`"
        ),
        "{stdout}"
    );
    canteen().arg("fix").args(&files).assert().success();
    for f in &files {
        let text = String::from_utf8(std::fs::read(f).unwrap()).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let code = &name[..5];
        // Each fixture is the clean base with its own comment, id and mistake: once fixed, it
        // differs from the base only in those lines and the text the mistake was in.
        let expected = match code {
            "ct090" => std::fs::read_to_string(root.join(&name))
                .unwrap()
                .replace("What do you do?\",", "What do you do?\"#,"),
            "ct094" => String::from_utf8(
                std::fs::read(root.join(&name))
                    .unwrap()
                    .iter()
                    .flat_map(|&b| {
                        if b == 0x92 {
                            "’".as_bytes().to_vec()
                        } else {
                            vec![b]
                        }
                    })
                    .collect(),
            )
            .unwrap(),
            _ => clean
                .replace("CT092", &code.to_uppercase())
                .replace("ct092-byte-order-mark", &name[..name.len() - 4])
                .replace(
                    "a byte-order mark, accepted with a note",
                    text.lines().next().unwrap().split(": ").nth(1).unwrap(),
                ),
        };
        assert_eq!(text, expected, "{name}");
    }
    let again = canteen()
        .args(["fix", "--check"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
}
