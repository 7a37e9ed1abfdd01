//! The verification hash of a certificate: SHA-256 over the attempt records it rests on, in a
//! canonical form anyone can recompute.
//!
//! The records (each an [`AttemptRecord`] as `canteen records --format json` prints it) are
//! sorted by `attempt_id` and written as one JSON array with object keys sorted by code point
//! (byte order in UTF-8) and no whitespace; every number in a record is a whole integer and is
//! written in full, strings as serde_json writes them (non-ASCII characters as they are). This
//! is sorted-keys JSON, not RFC 8785: RFC 8785 writes numbers as IEEE 754 doubles, which would
//! round a 64-bit `seed` above 2^53, and sorts keys by UTF-16 code units. Python's
//! `json.dumps(records, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` gives the
//! same text (the README shows how to recompute the hash with it).
//! The hash is the SHA-256 of those UTF-8 bytes, written as 64 lowercase hex digits.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::attempt::AttemptRecord;

/// The canonical JSON text of the records a certificate rests on.
pub fn canonical_records(records: &[&AttemptRecord]) -> String {
    let mut sorted: Vec<&AttemptRecord> = records.to_vec();
    sorted.sort_by(|a, b| a.attempt_id.cmp(&b.attempt_id));
    let values: Vec<Value> = sorted
        .iter()
        // An attempt record is strings, numbers and lists: serialising it cannot fail, and a
        // record that somehow did would be left out of the hash rather than stop the program.
        .filter_map(|r| serde_json::to_value(r).ok())
        .collect();
    let mut out = String::new();
    canonical(&Value::Array(values), &mut out);
    out
}

/// The verification hash of the records: SHA-256 of their canonical JSON, in hex.
pub fn verification_hash(records: &[&AttemptRecord]) -> String {
    let digest = Sha256::digest(canonical_records(records).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `v` with object keys in byte order and no whitespace. Keys are sorted here rather
/// than trusted to the map type, so the form never depends on serde_json's features.
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The 64-hex-digit hashes and the UUIDs written in a certificate's text, in order; how
/// `canteen certificate --verify` finds what to check in an HTML or text certificate.
pub fn tokens_in(text: &str) -> (Vec<String>, Vec<String>) {
    let mut hashes = Vec::new();
    let mut uuids = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_hexdigit() || c == '-')) {
        if token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()) {
            hashes.push(token.to_ascii_lowercase());
        } else if super::xapi::check::is_uuid(token) {
            uuids.push(token.to_ascii_lowercase());
        }
    }
    uuids.dedup();
    (hashes, uuids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_whitespace_dropped() {
        let v = serde_json::json!({"b": [1, {"z": null, "a": "x\n"}], "a": true});
        let mut out = String::new();
        canonical(&v, &mut out);
        assert_eq!(out, r#"{"a":true,"b":[1,{"a":"x\n","z":null}]}"#);
    }

    #[test]
    fn large_seeds_are_written_in_full_not_rounded_as_rfc_8785_would() {
        // 2^53 + 1 is the first whole number a double cannot hold.
        let v = serde_json::json!({"seed": 9_007_199_254_740_993_u64, "max": u64::MAX});
        let mut out = String::new();
        canonical(&v, &mut out);
        assert_eq!(
            out,
            r#"{"max":18446744073709551615,"seed":9007199254740993}"#
        );
    }

    #[test]
    fn tokens_are_found_in_markup() {
        let text = "<code>6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10</code> SHA-256: <b>\
                    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855</b>";
        let (hashes, uuids) = tokens_in(text);
        assert_eq!(
            hashes,
            ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]
        );
        assert_eq!(uuids, ["6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10"]);
    }
}
