//! A completion certificate: the scenarios a learner passed (the best passing attempt of each),
//! the principles they covered, and a verification hash of the attempt records it rests on.
//!
//! Pure: built from records alone, so the same records always give the same certificate, and
//! `canteen certificate --verify` can rebuild it from the database to check one.

mod html;
mod text;

pub use html::to_html;
pub use text::to_text;

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::attempt::AttemptRecord;
use super::verification::{tokens_in, verification_hash};

/// A scenario passed, from its best passing attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    pub scenario_id: String,
    pub title: String,
    pub attempt_id: String,
    pub finished_at: Timestamp,
    pub score: u32,
    /// The version of the scoring rules that gave the score.
    pub scoring: u32,
    pub pass_mark: u32,
    /// The version of the content passed, when the scenario records one.
    pub content_version: Option<String>,
}

impl Pass {
    /// The scenario's title, with the content version when there is one.
    pub fn title_and_version(&self) -> String {
        match &self.content_version {
            Some(v) => format!("{} (content version {v})", self.title),
            None => self.title.clone(),
        }
    }
}

/// A principle the passed scenarios scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Covered {
    pub id: String,
    pub name: String,
    /// How many passed scenarios scored it.
    pub scenarios: usize,
    /// The mean of their percentages for it.
    pub mean_percent: u32,
}

/// A completion certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    /// The name or staff number in the records, the latest given; empty if none was.
    pub learner: String,
    /// Passed scenarios, in the order they were passed.
    pub passes: Vec<Pass>,
    pub principles: Vec<Covered>,
    /// When the last of the scenarios was passed; the certificate's date.
    pub issued: Timestamp,
    /// SHA-256 of the passes' records (see [`super::verification`]).
    pub hash: String,
}

impl Certificate {
    /// The certificate for these attempts: `None` when none passed.
    pub fn from_attempts(attempts: &[AttemptRecord]) -> Option<Certificate> {
        let mut best: BTreeMap<&str, &AttemptRecord> = BTreeMap::new();
        for a in attempts.iter().filter(|a| a.passed) {
            let keep = best.get(a.scenario_id.as_str()).is_none_or(|b| {
                (a.overall, std::cmp::Reverse(a.finished_at))
                    > (b.overall, std::cmp::Reverse(b.finished_at))
            });
            if keep {
                best.insert(&a.scenario_id, a);
            }
        }
        let mut records: Vec<&AttemptRecord> = best.into_values().collect();
        records
            .sort_by(|a, b| (a.finished_at, &a.scenario_id).cmp(&(b.finished_at, &b.scenario_id)));
        let issued = records.last()?.finished_at;
        let learner = records
            .iter()
            .rev()
            .map(|r| r.learner.trim())
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_string();
        let mut covered: BTreeMap<&str, (String, Vec<u32>)> = BTreeMap::new();
        let mut order: Vec<&str> = Vec::new();
        for r in &records {
            for p in &r.principles {
                let Some(percent) = p.percent else { continue };
                let entry = covered.entry(&p.id).or_insert_with(|| {
                    order.push(&p.id);
                    (p.name.clone(), Vec::new())
                });
                entry.1.push(percent);
            }
        }
        let principles = order
            .iter()
            .map(|id| {
                let (name, percents) = &covered[id];
                let sum: u32 = percents.iter().sum();
                Covered {
                    id: id.to_string(),
                    name: name.clone(),
                    scenarios: percents.len(),
                    mean_percent: (f64::from(sum) / percents.len() as f64).round() as u32,
                }
            })
            .collect();
        Some(Certificate {
            learner,
            hash: verification_hash(&records),
            passes: records
                .iter()
                .map(|r| Pass {
                    scenario_id: r.scenario_id.clone(),
                    title: r.scenario_title.clone(),
                    attempt_id: r.attempt_id.clone(),
                    finished_at: r.finished_at,
                    score: r.overall,
                    scoring: r.scoring,
                    pass_mark: r.pass_mark,
                    content_version: r.content_version.clone(),
                })
                .collect(),
            principles,
            issued,
        })
    }

    /// The file name canteen gives this certificate: its date and the start of its hash.
    pub fn file_name(&self, extension: &str) -> String {
        format!(
            "canteen-certificate-{}-{}.{extension}",
            self.issued.strftime("%Y-%m-%d"),
            &self.hash[..8]
        )
    }
}

/// What checking a certificate against the records found.
#[derive(Debug, Clone, PartialEq)]
pub enum Verification {
    /// The hash matches the records named; the certificate they make is given.
    Verified(Certificate),
    /// The file has no verification hash, or more than one.
    NoHash,
    /// Records the certificate names are not in the database.
    Missing(Vec<String>),
    /// The records are there, but their hash is not the one on the certificate.
    Mismatch { printed: String, actual: String },
}

/// Checks a certificate's text (HTML or plain) against the attempts in a database: finds the
/// hash and the attempt ids it names, and recomputes the hash from those records.
pub fn verify(certificate_text: &str, attempts: &[AttemptRecord]) -> Verification {
    let (hashes, ids) = tokens_in(certificate_text);
    let [printed] = hashes.as_slice() else {
        return Verification::NoHash;
    };
    let named: Vec<&AttemptRecord> = ids
        .iter()
        .filter_map(|id| attempts.iter().find(|a| &a.attempt_id == id))
        .collect();
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !attempts.iter().any(|a| &a.attempt_id == *id))
        .cloned()
        .collect();
    if !missing.is_empty() || ids.is_empty() {
        return Verification::Missing(missing);
    }
    let actual = verification_hash(&named);
    if &actual != printed {
        return Verification::Mismatch {
            printed: printed.clone(),
            actual,
        };
    }
    let owned: Vec<AttemptRecord> = named.into_iter().cloned().collect();
    match Certificate::from_attempts(&owned) {
        Some(c) if c.hash == actual => Verification::Verified(c),
        // The records match the hash but are not the passes a certificate is made of.
        _ => Verification::Mismatch {
            printed: printed.clone(),
            actual,
        },
    }
}

/// A date as printed on a certificate, like `2 March 2026` (UTC).
pub(crate) fn long_date(t: Timestamp) -> String {
    t.strftime("%-d %B %Y").to_string()
}

/// Where to verify, said the same way in both formats.
pub(crate) const HOW_TO_VERIFY: &str = "To check this certificate, run `canteen certificate --verify FILE` on the computer that \
     holds the records (or with --data-dir pointing at them). The hash is the SHA-256 of the \
     attempt records listed, in the canonical JSON form described in canteen's README.";

/// Which scoring rules gave the scores on a certificate, in a sentence.
pub(crate) fn scoring_note(c: &Certificate) -> String {
    let mut versions: Vec<u32> = c.passes.iter().map(|p| p.scoring).collect();
    versions.sort_unstable();
    versions.dedup();
    let list: Vec<String> = versions.iter().map(u32::to_string).collect();
    let (word, s) = if versions.len() == 1 {
        ("version", "")
    } else {
        ("versions", "s")
    };
    format!(
        "Score{s} given by canteen's scoring rules, {word} {}.",
        list.join(" and ")
    )
}
