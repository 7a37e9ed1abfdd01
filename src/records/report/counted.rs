//! What a report reads of an attempt record: the fields it counts, borrowed from the record's
//! text where they can be, so a report over a million records does not copy every string of
//! every record. Fields a report does not count (seed, start time, pass mark, ...) are passed
//! over unread.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Deserialize;

use crate::records::attempt::AttemptRecord;

/// One attempt as a report counts it.
#[derive(Debug, Deserialize)]
pub struct Counted<'a> {
    #[serde(borrow)]
    pub attempt_id: Cow<'a, str>,
    #[serde(borrow)]
    pub scenario_id: Cow<'a, str>,
    #[serde(borrow)]
    pub scenario_title: Cow<'a, str>,
    #[serde(borrow)]
    pub learner: Cow<'a, str>,
    pub finished_at: Timestamp,
    pub overall: u32,
    /// As in [`AttemptRecord::scoring`]: records from before versions were kept have none.
    #[serde(default = "first_scoring")]
    pub scoring: u32,
    pub passed: bool,
    #[serde(borrow)]
    pub steps: Vec<CountedStep<'a>>,
    #[serde(borrow)]
    pub critical: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    pub principles: Vec<CountedPrinciple<'a>>,
}

/// A decision: where it was made and what was chosen.
#[derive(Debug, Deserialize)]
pub struct CountedStep<'a> {
    #[serde(borrow)]
    pub scene: Cow<'a, str>,
    #[serde(borrow)]
    pub choice: Cow<'a, str>,
}

/// How the attempt did on one principle.
#[derive(Debug, Deserialize)]
pub struct CountedPrinciple<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    pub percent: Option<u32>,
}

fn first_scoring() -> u32 {
    1
}

impl<'a> Counted<'a> {
    /// Reads one record's JSON text.
    pub fn parse(text: &'a str) -> Result<Counted<'a>, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// A record already read whole, seen as a report counts it.
    pub fn of(r: &'a AttemptRecord) -> Counted<'a> {
        Counted {
            attempt_id: Cow::Borrowed(&r.attempt_id),
            scenario_id: Cow::Borrowed(&r.scenario_id),
            scenario_title: Cow::Borrowed(&r.scenario_title),
            learner: Cow::Borrowed(&r.learner),
            finished_at: r.finished_at,
            overall: r.overall,
            scoring: r.scoring,
            passed: r.passed,
            steps: r
                .steps
                .iter()
                .map(|s| CountedStep {
                    scene: Cow::Borrowed(&s.scene),
                    choice: Cow::Borrowed(&s.choice),
                })
                .collect(),
            critical: r
                .critical
                .iter()
                .map(|c| Cow::Borrowed(c.as_str()))
                .collect(),
            principles: r
                .principles
                .iter()
                .map(|p| CountedPrinciple {
                    id: Cow::Borrowed(&p.id),
                    name: Cow::Borrowed(&p.name),
                    percent: p.percent,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record written by canteen reads the same through either door.
    #[test]
    fn a_record_reads_the_same_from_its_text_as_from_itself() {
        let text = r#"{"attempt_id":"a-1","scenario_id":"s","scenario_title":"T \"q\"",
            "learner":"Sam","started_at":"2026-01-01T09:00:00Z",
            "finished_at":"2026-01-01T09:05:00Z","active_ms":1,"seed":2,
            "steps":[{"scene":"one","choice":"c","timed_out":false}],"ending":"e",
            "overall":70,"pass_mark":60,"passed":true,"critical":["x"],
            "principles":[{"id":"p","name":"P","earned":1,"best":2,"worst":0,"percent":50}]}"#;
        let record: AttemptRecord = serde_json::from_str(text).unwrap();
        let read = Counted::parse(text).unwrap();
        let seen = Counted::of(&record);
        assert_eq!(format!("{read:?}"), format!("{seen:?}"));
        assert_eq!(read.scoring, 1, "no scoring version: the first");
        assert_eq!(read.scenario_title, "T \"q\"", "escapes are read");
        assert!(Counted::parse(r#"{"attempt_id":"a"}"#).is_err());
    }
}
