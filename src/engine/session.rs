//! A play-through of one scenario: the current scene, the choices on offer, and the score.
//!
//! Pure: no terminal, clock or files. All randomness (text variants, the order choices are
//! shown in, chance draws) comes from one seeded ChaCha8 stream, so the same seed and the same
//! choices replay the same session. A timer running out is reported by the shell through
//! [`Session::time_up`].

use std::sync::Arc;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use thiserror::Error;

use super::analysis::{Dest, StateIx};
use super::score::{PrincipleScore, Scorecard};
use crate::engine::Scenario;
use crate::model::flags::FlagSet;
use crate::model::{Choice, ChoiceIx, Ending, EndingIx, Next, Scene, SceneIx, Target};

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlayError {
    #[error("the scenario has ended; no more choices can be made")]
    Finished,
    #[error("there is no choice \"{0}\" in this scenario")]
    UnknownChoice(String),
    #[error("the choice \"{0}\" is not on offer at this point")]
    NotOffered(String),
    #[error("this decision has no time limit")]
    NoTimer,
    #[error("outcome {0} is not one of this chance draw's outcomes")]
    NoSuchOutcome(usize),
}

/// How a chance draw is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draw {
    /// By the session's seeded random stream.
    Random,
    /// Forced to this outcome (index in the choice's `chance` list); for tests and replays.
    Outcome(usize),
}

/// One decision taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub scene: SceneIx,
    pub state: StateIx,
    pub choice: ChoiceIx,
    /// Which text of the scene was shown.
    pub variant: usize,
    /// True when the timer ran out rather than the learner choosing.
    pub timed_out: bool,
    /// The chance outcome drawn, if the choice led to a draw.
    pub drawn: Option<usize>,
    /// Where the story went.
    pub next: Target,
}

/// A play-through of a scenario.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    rng: ChaCha8Rng,
    at: Target,
    state: StateIx,
    flags: FlagSet,
    variant: usize,
    offered: Vec<ChoiceIx>,
    earned: Vec<i32>,
    best: Vec<f64>,
    worst: Vec<f64>,
    history: Vec<Step>,
    critical: Vec<ChoiceIx>,
}

impl Session {
    /// Starts a session at the scenario's first scene.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        let a = &scenario.analysis();
        let start = a.start();
        let p = scenario.principles().len();
        let best = (0..p).map(|i| a.best(Dest::State(start), i)).collect();
        let worst = (0..p).map(|i| a.worst(Dest::State(start), i)).collect();
        let mut session = Session {
            rng: ChaCha8Rng::seed_from_u64(seed),
            seed,
            at: Target::Scene(scenario.start()),
            state: start,
            flags: FlagSet::EMPTY,
            variant: 0,
            offered: Vec::new(),
            earned: vec![0; p],
            best,
            worst,
            history: Vec::new(),
            critical: Vec::new(),
            scenario,
        };
        session.enter();
        session
    }

    /// Picks the text variant and shuffles the choices for the scene just entered.
    fn enter(&mut self) {
        let Target::Scene(s) = self.at else {
            self.offered.clear();
            return;
        };
        let scene = self.scenario.scene(s);
        self.variant = if scene.texts.len() > 1 {
            self.rng.random_range(0..scene.texts.len())
        } else {
            0
        };
        let flags = self.flags;
        let scenario = Arc::clone(&self.scenario);
        self.offered = scene
            .choices
            .iter()
            .copied()
            .filter(|&c| scenario.choice(c).offered_with(flags))
            .collect();
        // Shuffled so that position gives nothing away.
        self.offered.shuffle(&mut self.rng);
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The seed the session was started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The current scene, or `None` once an ending is reached.
    pub fn scene(&self) -> Option<&Scene> {
        match self.at {
            Target::Scene(s) => Some(self.scenario.scene(s)),
            Target::Ending(_) => None,
        }
    }

    /// The current scene's index, or `None` once an ending is reached.
    pub fn scene_ix(&self) -> Option<SceneIx> {
        match self.at {
            Target::Scene(s) => Some(s),
            Target::Ending(_) => None,
        }
    }

    /// The current play state in the scenario's analysis.
    pub fn state(&self) -> StateIx {
        self.state
    }

    /// The narrative shown for the current scene (the variant picked for this visit).
    pub fn text(&self) -> Option<&str> {
        self.scene().map(|s| s.texts[self.variant].as_str())
    }

    /// The index of the text variant shown for the current scene.
    pub fn variant(&self) -> usize {
        self.variant
    }

    /// The choices on offer, in the shuffled order to show them.
    pub fn offered(&self) -> &[ChoiceIx] {
        &self.offered
    }

    /// The choices on offer, resolved.
    pub fn offered_choices(&self) -> impl Iterator<Item = &Choice> {
        self.offered.iter().map(|&c| self.scenario.choice(c))
    }

    /// The ending reached, once the story is over.
    pub fn ending(&self) -> Option<&Ending> {
        match self.at {
            Target::Ending(e) => Some(self.scenario.ending(e)),
            Target::Scene(_) => None,
        }
    }

    /// The ending's index, once the story is over.
    pub fn ending_ix(&self) -> Option<EndingIx> {
        match self.at {
            Target::Ending(e) => Some(e),
            Target::Scene(_) => None,
        }
    }

    /// True once an ending is reached.
    pub fn is_finished(&self) -> bool {
        matches!(self.at, Target::Ending(_))
    }

    /// The flags set so far, by name.
    pub fn flags(&self) -> Vec<&str> {
        self.scenario.flag_names(self.flags)
    }

    /// The flags set so far, as a set.
    pub fn flags_set(&self) -> FlagSet {
        self.flags
    }

    /// The decisions taken so far.
    pub fn history(&self) -> &[Step] {
        &self.history
    }

    /// Makes the choice with this id, drawing any chance outcome at random.
    pub fn choose(&mut self, choice_id: &str) -> Result<&Step, PlayError> {
        self.choose_with(choice_id, Draw::Random)
    }

    /// Makes the choice with this id, deciding any chance draw as told.
    pub fn choose_with(&mut self, choice_id: &str, draw: Draw) -> Result<&Step, PlayError> {
        if self.is_finished() {
            return Err(PlayError::Finished);
        }
        let c = self
            .scenario
            .choice_by_id(choice_id)
            .ok_or_else(|| PlayError::UnknownChoice(choice_id.to_string()))?;
        if !self.offered.contains(&c) {
            return Err(PlayError::NotOffered(choice_id.to_string()));
        }
        self.take(c, draw, false)
    }

    /// The decision's time ran out: plays the scene's authored consequence.
    pub fn time_up(&mut self) -> Result<&Step, PlayError> {
        self.time_up_with(Draw::Random)
    }

    /// The decision's time ran out, deciding any chance draw as told.
    pub fn time_up_with(&mut self, draw: Draw) -> Result<&Step, PlayError> {
        let timer = self
            .scene()
            .ok_or(PlayError::Finished)?
            .timer
            .ok_or(PlayError::NoTimer)?;
        self.take(timer.expired, draw, true)
    }

    fn take(&mut self, c: ChoiceIx, draw: Draw, timed_out: bool) -> Result<&Step, PlayError> {
        let scenario = Arc::clone(&self.scenario);
        let choice = scenario.choice(c);
        let Target::Scene(scene) = self.at else {
            return Err(PlayError::Finished);
        };
        let (next, drawn) = match &choice.next {
            Next::Go(t) => (*t, None),
            Next::Chance(outcomes) => {
                let i = match draw {
                    Draw::Outcome(i) if i < outcomes.len() => i,
                    Draw::Outcome(i) => return Err(PlayError::NoSuchOutcome(i)),
                    Draw::Random => {
                        let total: u32 = outcomes.iter().map(|o| o.weight).sum();
                        let mut r = self.rng.random_range(0..total);
                        outcomes
                            .iter()
                            .position(|o| {
                                let hit = r < o.weight;
                                r = r.saturating_sub(o.weight);
                                hit
                            })
                            .unwrap_or(0)
                    }
                };
                self.rebaseline(c, i);
                (outcomes[i].target, Some(i))
            }
        };
        for (e, x) in self.earned.iter_mut().zip(&choice.effects) {
            *e += x;
        }
        if choice.critical {
            self.critical.push(c);
        }
        self.flags = self.flags.union(choice.sets);
        self.history.push(Step {
            scene,
            state: self.state,
            choice: c,
            variant: self.variant,
            timed_out,
            drawn,
            next,
        });
        self.at = next;
        if let Target::Scene(s) = next {
            // Every reachable state is in the analysis; the start state is a safe fallback.
            self.state = scenario
                .analysis()
                .state_of(s, self.flags)
                .unwrap_or(self.state);
        }
        self.enter();
        Ok(&self.history[self.history.len() - 1])
    }

    /// A chance draw is not the learner's doing: move the reference bounds by how much
    /// kinder (or harsher) the drawn outcome is than the one they were measured against.
    fn rebaseline(&mut self, c: ChoiceIx, drawn: usize) {
        let a = &self.scenario.analysis();
        let Some(edge) = a.edge(self.state, c) else {
            return;
        };
        for p in 0..self.best.len() {
            let best = edge.dests.iter().map(|&d| a.best(d, p));
            let worst = edge.dests.iter().map(|&d| a.worst(d, p));
            self.best[p] += a.best(edge.dests[drawn], p) - best.fold(f64::INFINITY, f64::min);
            self.worst[p] +=
                a.worst(edge.dests[drawn], p) - worst.fold(f64::NEG_INFINITY, f64::max);
        }
    }

    /// The score so far, against the best and worst a whole attempt could earn.
    pub fn scorecard(&self) -> Scorecard {
        let s = &self.scenario;
        let principles = s
            .principles()
            .iter()
            .enumerate()
            .map(|(i, p)| PrincipleScore {
                principle: Arc::clone(p),
                earned: self.earned[i],
                best: self.reference(i, true),
                worst: self.reference(i, false),
            })
            .collect();
        let critical = self
            .critical
            .iter()
            .map(|&c| s.choice(c).id.clone())
            .collect();
        Scorecard::new(principles, s.meta().pass_mark, critical)
    }

    /// The best (or worst) total on principle `p` that perfect (or careless) play could have
    /// earned, given the chance draws so far.
    fn reference(&self, p: usize, best: bool) -> i32 {
        let r = if best { self.best[p] } else { self.worst[p] };
        r.round() as i32
    }

    /// The better choice at a past step, by the overall percentage: none when the choice
    /// made was Best or Defensible, since a grey decision handled defensibly is not to be
    /// corrected (and two defensible answers that tie have no better one).
    pub fn better_choice(&self, step: &Step) -> Option<ChoiceIx> {
        let made = self.scenario.choice(step.choice);
        if matches!(
            made.verdict,
            Some(crate::model::Verdict::Best | crate::model::Verdict::Defensible)
        ) {
            return None;
        }
        self.scenario
            .analysis()
            .best_choice(step.state)
            .filter(|&b| b != step.choice)
    }

    /// How many decisions the best line of play still has from here (0 once finished).
    pub fn decisions_left(&self) -> usize {
        match self.at {
            Target::Scene(_) => self.scenario.analysis().line(self.state, true).len(),
            Target::Ending(_) => 0,
        }
    }
}
