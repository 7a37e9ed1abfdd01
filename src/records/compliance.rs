//! Compliance: who is in date with their mandatory training, from the pathways, each learner's
//! roles and the latest time they passed each scenario.
//!
//! Pure: the caller gathers learners and passes and gives the time it is now, so the same
//! records give the same view. A pass stays in date for its requirement's `every_months`
//! calendar months in UTC (a pass at 10:00 on 31 January, every month, lasts until 10:00 on
//! 28 or 29 February); from `due_days` before that the learner is due, and from that moment on
//! overdue.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use crate::model::Pathways;

/// A learner as the compliance view needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    /// The learner's key in the records (e.g. their email).
    pub key: String,
    /// The name shown to admins.
    pub name: String,
    /// Their role ids; a role with no pathway (or not in roles.ron) adds nothing, so only the
    /// everyone pathway applies.
    pub roles: Vec<String>,
}

/// The latest passed attempt per learner and scenario: (learner key, scenario id) to when it
/// finished.
pub type Passes = BTreeMap<(String, String), Timestamp>;

/// Where a learner stands on one required scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Passed, and in date until `until`, more than the due window away.
    InDate { until: Timestamp },
    /// Passed and still in date, but expiring within the due window: at `until`.
    Due { until: Timestamp },
    /// Passed once, but the pass expired at `since`.
    Overdue { since: Timestamp },
    /// Never passed ("not yet passed"); it counts as overdue in the totals.
    NotStarted,
}

impl Status {
    /// How bad it is, for a learner's overall status: the worst of their scenarios.
    fn rank(self) -> u8 {
        match self {
            Status::InDate { .. } => 0,
            Status::Due { .. } => 1,
            Status::Overdue { .. } => 2,
            Status::NotStarted => 3,
        }
    }

    /// The status in the training team's words.
    pub fn words(self) -> &'static str {
        match self {
            Status::InDate { .. } => "in date",
            Status::Due { .. } => "due",
            Status::Overdue { .. } => "overdue",
            Status::NotStarted => "not yet passed",
        }
    }

    /// Whether the learner is still in date (in date or due).
    pub fn is_in_date(self) -> bool {
        matches!(self, Status::InDate { .. } | Status::Due { .. })
    }
}

/// One required scenario of one learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioStanding {
    /// The scenario's id.
    pub scenario: String,
    /// How many months a pass stays in date.
    pub every_months: u32,
    /// When the learner last passed it.
    pub last_passed: Option<Timestamp>,
    /// Where they stand.
    pub status: Status,
}

/// One learner's standing on every scenario they must pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerStanding {
    pub learner: Learner,
    /// Their required scenarios, in pathway order.
    pub scenarios: Vec<ScenarioStanding>,
    /// The worst of their scenarios' statuses (in date when nothing is required).
    pub overall: Status,
}

/// How many are in each status. `overdue` counts only expired passes; [`Counts::overdue_total`]
/// adds those not yet passed, as the totals count them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub in_date: usize,
    pub due: usize,
    pub overdue: usize,
    pub not_yet_passed: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        match status {
            Status::InDate { .. } => self.in_date += 1,
            Status::Due { .. } => self.due += 1,
            Status::Overdue { .. } => self.overdue += 1,
            Status::NotStarted => self.not_yet_passed += 1,
        }
    }

    /// Everyone counted.
    pub fn total(&self) -> usize {
        self.in_date + self.due + self.overdue + self.not_yet_passed
    }

    /// Overdue, counting those who have not yet passed.
    pub fn overdue_total(&self) -> usize {
        self.overdue + self.not_yet_passed
    }

    /// The percentage still in date (in date or due), rounded down; 100 when nobody is counted.
    pub fn percent_in_date(&self) -> usize {
        ((self.in_date + self.due) * 100)
            .checked_div(self.total())
            .unwrap_or(100)
    }
}

/// Who is in date: per learner per scenario, and the totals per role and per scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compliance {
    /// When it was worked out.
    pub now: Timestamp,
    /// Each learner, in the order given.
    pub learners: Vec<LearnerStanding>,
    /// Per role id (as the learners give them; "everyone" for a learner with no role): how
    /// many learners are in each overall status.
    pub by_role: BTreeMap<String, Counts>,
    /// Per scenario id: how many learners who must pass it are in each status.
    pub by_scenario: BTreeMap<String, Counts>,
}

/// When a pass at `passed` made `months` calendar months before expires, in UTC.
pub fn expiry(passed: Timestamp, months: u32) -> Timestamp {
    passed
        .to_zoned_datetime(TimeZone::UTC)
        .checked_add(Span::new().months(i64::from(months)))
        .map_or(Timestamp::MAX, |z| z.timestamp())
}

/// Where a learner stands on a scenario passed last at `passed` (if ever), at `now`.
pub fn status(
    passed: Option<Timestamp>,
    every_months: u32,
    due_days: u32,
    now: Timestamp,
) -> Status {
    let Some(passed) = passed else {
        return Status::NotStarted;
    };
    let until = expiry(passed, every_months);
    if now >= until {
        return Status::Overdue { since: until };
    }
    let due_from = until
        .to_zoned_datetime(TimeZone::UTC)
        .checked_sub(Span::new().days(i64::from(due_days)))
        .map_or(Timestamp::MIN, |z| z.timestamp());
    if now >= due_from {
        Status::Due { until }
    } else {
        Status::InDate { until }
    }
}

impl Compliance {
    /// Works out who is in date at `now`.
    pub fn assess(
        pathways: &Pathways,
        learners: &[Learner],
        passes: &Passes,
        now: Timestamp,
    ) -> Compliance {
        let mut standings = Vec::with_capacity(learners.len());
        let mut by_role: BTreeMap<String, Counts> = BTreeMap::new();
        let mut by_scenario: BTreeMap<String, Counts> = BTreeMap::new();
        for learner in learners {
            let roles: Vec<&str> = learner.roles.iter().map(String::as_str).collect();
            let scenarios: Vec<ScenarioStanding> = pathways
                .required(&roles)
                .into_iter()
                .map(|r| {
                    let last_passed = passes
                        .get(&(learner.key.clone(), r.scenario.clone()))
                        .copied();
                    let status = status(last_passed, r.every_months, pathways.due_days, now);
                    by_scenario
                        .entry(r.scenario.clone())
                        .or_default()
                        .add(status);
                    ScenarioStanding {
                        scenario: r.scenario,
                        every_months: r.every_months,
                        last_passed,
                        status,
                    }
                })
                .collect();
            let overall = scenarios
                .iter()
                .map(|s| s.status)
                .max_by_key(|s| s.rank())
                .unwrap_or(Status::InDate { until: now });
            if roles.is_empty() {
                by_role
                    .entry(crate::model::EVERYONE.to_string())
                    .or_default()
                    .add(overall);
            }
            for role in &roles {
                by_role.entry((*role).to_string()).or_default().add(overall);
            }
            standings.push(LearnerStanding {
                learner: learner.clone(),
                scenarios,
                overall,
            });
        }
        Compliance {
            now,
            learners: standings,
            by_role,
            by_scenario,
        }
    }

    /// Every learner's every required scenario as CSV: learner key, name, role, scenario,
    /// status, last passed, until (the date a pass expires or expired).
    ///
    /// It names individuals, so it is for the trust's admins only; anyone else is given
    /// [`Compliance::to_csv_summary`].
    pub fn to_csv_individuals(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "learner",
            "name",
            "role",
            "scenario",
            "status",
            "last passed",
            "until",
        ])?;
        for l in &self.learners {
            let roles = l.learner.roles.join("; ");
            for s in &l.scenarios {
                let until = match s.status {
                    Status::InDate { until } | Status::Due { until } => date(until),
                    Status::Overdue { since } => date(since),
                    Status::NotStarted => String::new(),
                };
                w.write_record([
                    l.learner.key.as_str(),
                    l.learner.name.as_str(),
                    roles.as_str(),
                    s.scenario.as_str(),
                    s.status.words(),
                    s.last_passed.map(date).unwrap_or_default().as_str(),
                    until.as_str(),
                ])?;
            }
        }
        into_text(w)
    }

    /// The totals only, no names: one row per role (learners by their overall status), then
    /// one per scenario (learners who must pass it by their status there). `overdue` counts
    /// expired passes and those not yet passed; `not yet passed` says how many of them never
    /// passed; `percent in date` counts the due as in date.
    pub fn to_csv_summary(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "group",
            "id",
            "learners",
            "in date",
            "due",
            "overdue",
            "not yet passed",
            "percent in date",
        ])?;
        let rows = self
            .by_role
            .iter()
            .map(|(id, c)| ("role", id, c))
            .chain(self.by_scenario.iter().map(|(id, c)| ("scenario", id, c)));
        for (group, id, c) in rows {
            w.write_record([
                group.to_string(),
                id.clone(),
                c.total().to_string(),
                c.in_date.to_string(),
                c.due.to_string(),
                c.overdue_total().to_string(),
                c.not_yet_passed.to_string(),
                c.percent_in_date().to_string(),
            ])?;
        }
        into_text(w)
    }
}

/// A moment as its date in UTC, e.g. 2026-12-03.
fn date(t: Timestamp) -> String {
    t.to_zoned_datetime(TimeZone::UTC).date().to_string()
}

fn into_text(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn pathways() -> Pathways {
        Pathways::parse(
            r#"Pathways(due_days: 30, pathways: [
                Pathway(role: "everyone", scenarios: [Required(scenario: "first-weeks", every_months: 12)]),
                Pathway(role: "nurse", scenarios: [Required(scenario: "rough-night", every_months: 24)]),
            ])"#,
        )
        .unwrap()
    }

    #[test]
    fn a_pass_expires_exactly_its_months_later() {
        let passed = at("2025-03-10T09:00:00Z");
        assert_eq!(expiry(passed, 12), at("2026-03-10T09:00:00Z"));
        assert_eq!(expiry(passed, 24), at("2027-03-10T09:00:00Z"));
        let just_before = at("2026-03-10T08:59:59Z");
        assert_eq!(
            status(Some(passed), 12, 30, just_before),
            Status::Due {
                until: at("2026-03-10T09:00:00Z")
            }
        );
        assert_eq!(
            status(Some(passed), 12, 30, at("2026-03-10T09:00:00Z")),
            Status::Overdue {
                since: at("2026-03-10T09:00:00Z")
            }
        );
    }

    #[test]
    fn the_due_window_opens_due_days_before_expiry() {
        let passed = at("2025-03-10T09:00:00Z");
        let until = at("2026-03-10T09:00:00Z");
        // 30 days before 10 March 2026 is 8 February 2026.
        assert_eq!(
            status(Some(passed), 12, 30, at("2026-02-08T09:00:00Z")),
            Status::Due { until }
        );
        assert_eq!(
            status(Some(passed), 12, 30, at("2026-02-07T09:00:00Z")),
            Status::InDate { until }
        );
        assert_eq!(
            status(Some(passed), 12, 30, at("2026-02-08T08:59:59Z")),
            Status::InDate { until }
        );
        assert_eq!(
            status(Some(passed), 12, 0, at("2026-03-10T08:59:59Z")),
            Status::InDate { until }
        );
    }

    #[test]
    fn months_end_on_the_last_day_of_a_shorter_month() {
        assert_eq!(
            expiry(at("2026-01-31T12:00:00Z"), 1),
            at("2026-02-28T12:00:00Z")
        );
        assert_eq!(
            expiry(at("2028-01-31T12:00:00Z"), 1),
            at("2028-02-29T12:00:00Z")
        );
        assert_eq!(
            expiry(at("2024-02-29T12:00:00Z"), 12),
            at("2025-02-28T12:00:00Z")
        );
        assert_eq!(
            expiry(at("2025-08-31T23:30:00Z"), 6),
            at("2026-02-28T23:30:00Z")
        );
    }

    #[test]
    fn no_passes_is_not_yet_passed_and_counts_as_overdue() {
        let learners = [Learner {
            key: "a@nhs.net".into(),
            name: "A".into(),
            roles: vec!["nurse".into()],
        }];
        let c = Compliance::assess(
            &pathways(),
            &learners,
            &Passes::new(),
            at("2026-12-03T12:00:00Z"),
        );
        let l = &c.learners[0];
        assert_eq!(l.scenarios.len(), 2);
        assert!(l.scenarios.iter().all(|s| s.status == Status::NotStarted));
        assert_eq!(l.overall, Status::NotStarted);
        assert_eq!(l.overall.words(), "not yet passed");
        let nurse = c.by_role["nurse"];
        assert_eq!(nurse.overdue_total(), 1);
        assert_eq!(nurse.not_yet_passed, 1);
        assert_eq!(nurse.percent_in_date(), 0);
    }

    #[test]
    fn an_unknown_role_gets_only_the_everyone_pathway() {
        let learners = [
            Learner {
                key: "b".into(),
                name: "B".into(),
                roles: vec!["nurze".into()],
            },
            Learner {
                key: "c".into(),
                name: "C".into(),
                roles: vec![],
            },
        ];
        let mut passes = Passes::new();
        passes.insert(
            ("b".into(), "first-weeks".into()),
            at("2026-06-01T00:00:00Z"),
        );
        let c = Compliance::assess(&pathways(), &learners, &passes, at("2026-12-03T12:00:00Z"));
        let b = &c.learners[0];
        assert_eq!(b.scenarios.len(), 1);
        assert_eq!(
            b.overall,
            Status::InDate {
                until: at("2027-06-01T00:00:00Z")
            }
        );
        assert_eq!(c.by_role["nurze"].in_date, 1);
        assert_eq!(c.by_role["everyone"].not_yet_passed, 1);
        let fw = c.by_scenario["first-weeks"];
        assert_eq!(
            (fw.in_date, fw.not_yet_passed, fw.percent_in_date()),
            (1, 1, 50)
        );
    }

    #[test]
    fn the_overall_status_is_the_worst_and_the_csvs_say_so() {
        let learners = [Learner {
            key: "d@nhs.net".into(),
            name: "Dee, RN".into(),
            roles: vec!["nurse".into()],
        }];
        let mut passes = Passes::new();
        passes.insert(
            ("d@nhs.net".into(), "first-weeks".into()),
            at("2025-12-20T10:00:00Z"),
        );
        passes.insert(
            ("d@nhs.net".into(), "rough-night".into()),
            at("2024-11-01T10:00:00Z"),
        );
        let c = Compliance::assess(&pathways(), &learners, &passes, at("2026-12-03T12:00:00Z"));
        let l = &c.learners[0];
        assert_eq!(
            l.scenarios[0].status,
            Status::Due {
                until: at("2026-12-20T10:00:00Z")
            }
        );
        assert_eq!(
            l.overall,
            Status::Overdue {
                since: at("2026-11-01T10:00:00Z")
            }
        );
        assert_eq!(
            c.to_csv_individuals().unwrap(),
            "learner,name,role,scenario,status,last passed,until\n\
             d@nhs.net,\"Dee, RN\",nurse,first-weeks,due,2025-12-20,2026-12-20\n\
             d@nhs.net,\"Dee, RN\",nurse,rough-night,overdue,2024-11-01,2026-11-01\n"
        );
        let summary = c.to_csv_summary().unwrap();
        assert!(!summary.contains("Dee"));
        assert_eq!(
            summary,
            "group,id,learners,in date,due,overdue,not yet passed,percent in date\n\
             role,nurse,1,0,0,1,0,0\n\
             scenario,first-weeks,1,0,1,0,0,100\n\
             scenario,rough-night,1,0,0,1,0,0\n"
        );
    }
}
