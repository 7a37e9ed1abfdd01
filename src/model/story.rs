//! The validated story: ids resolved to indices, flags to bits, principles to the catalogue.
//!
//! A [`Story`] can only be made by [`super::build`]: its fields are private, so the engine may
//! assume every index is in range and every reference resolved. The engine's analysis turns a
//! `Story` into a playable [`crate::engine::Scenario`].

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::flags::FlagSet;
use super::principles::Principle;

/// Index of a decision scene in [`Story::scenes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SceneIx(pub u32);

/// Index of an ending in [`Story::endings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EndingIx(pub u32);

/// Index of a choice in [`Story::choices`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChoiceIx(pub u32);

/// Where a choice or draw leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Scene(SceneIx),
    Ending(EndingIx),
}

/// A scenario's story that passed the structure checks: every id resolved, every text in place.
#[derive(Debug)]
pub struct Story {
    pub(super) meta: Meta,
    pub(super) start: SceneIx,
    pub(super) scenes: Vec<Scene>,
    pub(super) endings: Vec<Ending>,
    pub(super) choices: Vec<Choice>,
    /// The principles this scenario scores, in catalogue order; effects index into this.
    pub(super) principles: Vec<Arc<Principle>>,
    /// The display name of each of the scenario's roles, indexed like `meta.roles`.
    pub(super) role_names: Vec<String>,
    /// Each principle's citations resolved, indexed like `principles`.
    pub(super) principle_cites: Vec<Vec<super::Cited>>,
    /// Flag names; a [`FlagSet`] bit `i` is `flags[i]`.
    pub(super) flags: Vec<String>,
    pub(super) expectations: Vec<Expectation>,
    /// Choices by stable id.
    pub(super) choice_ids: HashMap<String, ChoiceIx>,
}

/// What a scenario says about itself.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub roles: Vec<String>,
    pub minutes: u32,
    pub tags: Vec<String>,
    pub format: u32,
    pub author: String,
    pub sources: Vec<String>,
    /// Who signed the content off, and when it must be reviewed again.
    pub governance: Option<Governance>,
    /// Overall percentage needed to pass.
    pub pass_mark: u32,
}

/// Content governance, as the scenario's file records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Governance {
    pub version: String,
    pub reviewed: String,
    pub reviewed_by: Vec<String>,
    pub review_by: String,
}

/// A decision point.
#[derive(Debug, Clone)]
pub struct Scene {
    pub id: String,
    /// The main text followed by its variants; one is picked per visit.
    pub texts: Vec<String>,
    pub discuss: Option<String>,
    /// Offered choices in the order written (the session shuffles them).
    pub choices: Vec<ChoiceIx>,
    pub timer: Option<Timer>,
}

/// A time limit on a decision.
#[derive(Debug, Clone, Copy)]
pub struct Timer {
    pub seconds: u32,
    /// The consequence when time runs out; never offered as an option.
    pub expired: ChoiceIx,
}

/// One option at a decision point (or the consequence of a timer running out).
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub scene: SceneIx,
    pub text: String,
    pub feedback: String,
    /// Points per principle, indexed like [`Story::principles`]; zero where untouched.
    pub effects: Vec<i32>,
    pub critical: bool,
    /// The author's judgement of the choice, when given.
    pub verdict: Option<Verdict>,
    /// Sources that fit this choice best, ahead of the principles' own.
    pub cites: Vec<super::Cited>,
    /// The local arrangement the choice commits to, a line of the learner's checklist.
    pub arrangement: Option<String>,
    pub sets: FlagSet,
    pub requires: FlagSet,
    pub unless: FlagSet,
    pub next: Next,
    /// True for a timer's consequence.
    pub on_timeout: bool,
}

/// The author's judgement of a choice, which the validator holds the scores to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The best thing to do here.
    Best,
    /// A grey area handled defensibly: a reasonable professional could choose it.
    Defensible,
    /// Not a breach, but weaker than it should be.
    Weak,
    /// A breach of professional standards or the law.
    Breach,
}

impl Verdict {
    /// The verdict in words for the learner; words, not colour, carry it.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Best => "The best choice here",
            Verdict::Defensible => "A defensible choice in a grey area",
            Verdict::Weak => "A weak choice",
            Verdict::Breach => "A breach",
        }
    }

    /// The verdict as an author writes it.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Best => "Best",
            Verdict::Defensible => "Defensible",
            Verdict::Weak => "Weak",
            Verdict::Breach => "Breach",
        }
    }

    /// True for `Best` and `Defensible`: a path of these must pass.
    pub fn passes(self) -> bool {
        matches!(self, Verdict::Best | Verdict::Defensible)
    }
}

/// What follows a choice.
#[derive(Debug, Clone)]
pub enum Next {
    Go(Target),
    Chance(Vec<Outcome>),
}

/// One possible result of a chance draw.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub weight: u32,
    pub target: Target,
}

/// How a story ends.
#[derive(Debug, Clone)]
pub struct Ending {
    pub id: String,
    pub title: String,
    pub outcome: String,
    pub debrief: String,
}

/// An author's expectation, with ids kept as written so failures can quote them.
#[derive(Debug, Clone)]
pub enum Expectation {
    Passes(Vec<String>),
    Fails(Vec<String>),
    Critical(String),
    Ends {
        path: Vec<String>,
        ending: String,
    },
    Scores {
        path: Vec<String>,
        principle: Option<String>,
        at_least: Option<u32>,
        below: Option<u32>,
    },
}

impl Choice {
    /// True when the choice is offered under these flags.
    pub fn offered_with(&self, flags: FlagSet) -> bool {
        flags.contains_all(self.requires) && flags.contains_none(self.unless)
    }

    /// The targets this choice may lead to.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        let (one, many) = match &self.next {
            Next::Go(t) => (Some(*t), &[][..]),
            Next::Chance(outcomes) => (None, &outcomes[..]),
        };
        one.into_iter().chain(many.iter().map(|o| o.target))
    }
}

impl Story {
    /// What the scenario says about itself.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The first decision.
    pub fn start(&self) -> SceneIx {
        self.start
    }

    /// Every decision scene, in the order written.
    pub fn scenes(&self) -> &[Scene] {
        &self.scenes
    }

    /// Every ending, in the order written.
    pub fn endings(&self) -> &[Ending] {
        &self.endings
    }

    /// Every choice, timer consequences included, indexed by [`ChoiceIx`].
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// The principles this scenario scores, in catalogue order; effects index into this.
    pub fn principles(&self) -> &[Arc<Principle>] {
        &self.principles
    }

    /// The citation that binds each group of these roles, for a choice's effect on principle
    /// `p`: the choice's own `cites` first, then the principle's. Roles that would be shown the
    /// same source share a group; a group's roles are empty when every role shares it.
    pub fn citations_for(
        &self,
        choice: &Choice,
        p: usize,
        roles: &[&str],
    ) -> Vec<(Vec<String>, super::Cited)> {
        let candidates: Vec<&super::Cited> = choice
            .cites
            .iter()
            .chain(self.principle_cites.get(p).into_iter().flatten())
            .collect();
        let mut groups: Vec<(Vec<String>, super::Cited)> = Vec::new();
        for role in roles {
            let Some(c) = candidates.iter().find(|c| c.source.binds_role(role)) else {
                continue;
            };
            match groups.iter_mut().find(|(_, g)| g == *c) {
                Some((rs, _)) => rs.push(role.to_string()),
                None => groups.push((vec![role.to_string()], (*c).clone())),
            }
        }
        if groups.len() == 1 {
            groups[0].0.clear();
        }
        groups
    }

    /// [`Story::citations_for`] in words: "NMC Code 5 (for Nurse) · Code of Conduct for
    /// Healthcare Support Workers standard 5 (for Healthcare assistant)"; `None` when no
    /// source binds these roles.
    pub fn citation_words(&self, choice: &Choice, p: usize, roles: &[&str]) -> Option<String> {
        let groups = self.citations_for(choice, p, roles);
        (!groups.is_empty()).then(|| {
            groups
                .iter()
                .map(|(rs, c)| {
                    if rs.is_empty() {
                        c.words()
                    } else {
                        let names: Vec<&str> = rs.iter().map(|r| self.role_name(r)).collect();
                        format!("{} (for {})", c.words(), names.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join(" · ")
        })
    }

    /// The display name of one of the scenario's roles (the id when it is not in the catalogue).
    pub fn role_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.meta
            .roles
            .iter()
            .position(|r| r == id)
            .and_then(|i| self.role_names.get(i))
            .map_or(id, String::as_str)
    }

    /// The roles a learner is shown sources for: their own when they chose one this scenario
    /// serves, else the scenario's audience.
    pub fn audience_for<'a>(&'a self, chosen: Option<&'a str>) -> Vec<&'a str> {
        match chosen {
            Some(r)
                if self
                    .meta
                    .roles
                    .iter()
                    .any(|x| x == r || x == super::EVERYONE) =>
            {
                vec![r]
            }
            _ => self.meta.roles.iter().map(String::as_str).collect(),
        }
    }

    /// Flag names; a [`FlagSet`] bit `i` is `flags()[i]`.
    pub fn flags(&self) -> &[String] {
        &self.flags
    }

    /// The author's expectations, in the order written.
    pub fn expectations(&self) -> &[Expectation] {
        &self.expectations
    }

    /// The scene at an index.
    pub fn scene(&self, ix: SceneIx) -> &Scene {
        &self.scenes[ix.0 as usize]
    }

    /// The choice at an index.
    pub fn choice(&self, ix: ChoiceIx) -> &Choice {
        &self.choices[ix.0 as usize]
    }

    /// The ending at an index.
    pub fn ending(&self, ix: EndingIx) -> &Ending {
        &self.endings[ix.0 as usize]
    }

    /// Finds a choice by its stable id.
    pub fn choice_by_id(&self, id: &str) -> Option<ChoiceIx> {
        self.choice_ids.get(id).copied()
    }

    /// Finds a scene by its stable id.
    pub fn scene_by_id(&self, id: &str) -> Option<SceneIx> {
        self.scenes
            .iter()
            .position(|s| s.id == id)
            .map(|i| SceneIx(i as u32))
    }

    /// Finds a principle's index in this scenario by its catalogue id.
    pub fn principle_by_id(&self, id: &str) -> Option<usize> {
        self.principles.iter().position(|p| p.id == id)
    }

    /// The stable id of a scene or ending.
    pub fn target_id(&self, target: Target) -> &str {
        match target {
            Target::Scene(s) => &self.scene(s).id,
            Target::Ending(e) => &self.ending(e).id,
        }
    }

    /// Names of the flags in a set, in the order they were first written.
    pub fn flag_names(&self, set: FlagSet) -> Vec<&str> {
        set.iter().map(|i| self.flags[i].as_str()).collect()
    }
}
