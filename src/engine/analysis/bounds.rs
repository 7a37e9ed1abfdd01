//! Score bounds over the analysed play states: for every state the best and worst points per
//! principle, the best and worst overall choice, and the lines of play they make.
//!
//! Scoring rules (docs/authoring.md states them for authors):
//! - `best[p]` is the most points on principle `p` a learner can be sure to earn from a state;
//!   at a chance draw the learner is credited with the least favourable outcome, and the
//!   session raises the reference when a kinder outcome is drawn (the draw is not the
//!   learner's doing).
//! - `worst[p]` is the mirror image.
//! - The best choice at a state maximises the points it earns summed over the principles at
//!   stake, which is what the overall percentage measures (see [`crate::engine::score`]).

use super::steps::{edge_steps, steps_to_end};
use super::{Analysis, Dest, Edge, LineStep, StateIx};
use crate::model::ChoiceIx;
use crate::model::Story;

impl Analysis {
    pub(super) fn solve_bounds(&mut self, scenario: &Story, sccs: &[Vec<usize>]) {
        let p = self.principles;
        let n = self.states.len();
        self.best = vec![0.0; n * p];
        self.worst = vec![0.0; n * p];
        for i in 0..p {
            let best = self.solve(sccs, |c| scenario.choice(c).effects[i] as f64, true);
            let worst = self.solve(sccs, |c| scenario.choice(c).effects[i] as f64, false);
            for u in 0..n {
                self.best[u * p + i] = best[u];
                self.worst[u * p + i] = worst[u];
            }
        }
        // Every principle at stake counts point for point: the overall score is the points
        // earned over the points at stake, so the line that earns most earns the best score.
        self.weights = (0..p)
            .map(|i| {
                let (b, w) = (self.best[i], self.worst[i]);
                if b > 0.0 || b > w { 1.0 } else { 0.0 }
            })
            .collect();
        let weights = self.weights.clone();
        let gain = |c: ChoiceIx| {
            let fx = &scenario.choice(c).effects;
            fx.iter()
                .zip(&weights)
                .map(|(&x, w)| x as f64 * w)
                .sum::<f64>()
        };
        let best_total = self.solve(sccs, gain, true);
        let worst_total = self.solve(sccs, gain, false);
        self.best_choice = self.pick(&best_total, gain, true);
        self.worst_choice = self.pick(&worst_total, gain, false);
        self.best_total = best_total;
        self.worst_total = worst_total;
    }

    /// The value of every state for one objective: the best (or worst) total of `gain` along
    /// any path to an ending, taking the least favourable chance outcome.
    fn solve(
        &self,
        sccs: &[Vec<usize>],
        gain: impl Fn(ChoiceIx) -> f64,
        maximise: bool,
    ) -> Vec<f64> {
        let unknown = if maximise {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        let mut value = vec![unknown; self.states.len()];
        for component in sccs {
            // Choices inside a loop score nothing (CT037), so values inside a component only
            // rise (or fall) towards the best exit: a few passes settle them.
            let passes = if component.len() == 1 {
                1
            } else {
                component.len() + 1
            };
            for _ in 0..passes {
                let mut changed = false;
                for &u in component {
                    let v = self.state_value(u, &value, &gain, maximise);
                    if v != value[u] {
                        value[u] = v;
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
        value
    }

    fn edge_value(
        &self,
        e: &Edge,
        value: &[f64],
        gain: &impl Fn(ChoiceIx) -> f64,
        maximise: bool,
    ) -> f64 {
        let outcomes = e.dests.iter().map(|d| match d {
            Dest::State(v) => value[v.0 as usize],
            Dest::Ending(_) => 0.0,
        });
        // The least favourable outcome for the learner: the lowest when maximising.
        let after = if maximise {
            outcomes.fold(f64::INFINITY, f64::min)
        } else {
            outcomes.fold(f64::NEG_INFINITY, f64::max)
        };
        gain(e.choice) + after
    }

    fn state_value(
        &self,
        u: usize,
        value: &[f64],
        gain: &impl Fn(ChoiceIx) -> f64,
        maximise: bool,
    ) -> f64 {
        let values = self.states[u]
            .edges
            .iter()
            .map(|e| self.edge_value(e, value, gain, maximise));
        if maximise {
            values.fold(f64::NEG_INFINITY, f64::max)
        } else {
            values.fold(f64::INFINITY, f64::min)
        }
    }

    /// The choice to take in every state for one objective: one that achieves the state's value
    /// and, among those, reaches an ending soonest (see [`crate::engine::steps`]), else the first written.
    fn pick(
        &self,
        value: &[f64],
        gain: impl Fn(ChoiceIx) -> f64,
        maximise: bool,
    ) -> Vec<Option<ChoiceIx>> {
        // One entry per edge, state by state: does the edge achieve its state's value?
        let optimal: Vec<bool> = self
            .states
            .iter()
            .enumerate()
            .flat_map(|(u, st)| st.edges.iter().map(move |e| (u, e)))
            .map(|(u, e)| (self.edge_value(e, value, &gain, maximise) - value[u]).abs() <= 1e-9)
            .collect();
        let steps = steps_to_end(&self.states, &optimal);
        let mut first = 0;
        self.states
            .iter()
            .map(|st| {
                let achieves = &optimal[first..first + st.edges.len()];
                first += st.edges.len();
                // `min_by_key` keeps the first of equals, so ties stay in the order written.
                st.edges
                    .iter()
                    .zip(achieves)
                    .filter(|(_, ok)| **ok)
                    .map(|(e, _)| e)
                    .min_by_key(|e| edge_steps(e, &steps))
                    .or_else(|| st.edges.first())
                    .map(|e| e.choice)
            })
            .collect()
    }

    /// The most points on principle `p` a learner can be sure of from a destination.
    pub fn best(&self, dest: Dest, p: usize) -> f64 {
        match dest {
            Dest::State(s) => self.best[s.0 as usize * self.principles + p],
            Dest::Ending(_) => 0.0,
        }
    }

    /// The fewest points on principle `p` a learner can be sure of from a destination.
    pub fn worst(&self, dest: Dest, p: usize) -> f64 {
        match dest {
            Dest::State(s) => self.worst[s.0 as usize * self.principles + p],
            Dest::Ending(_) => 0.0,
        }
    }

    /// The choice that does most for the overall percentage from a state.
    pub fn best_choice(&self, state: StateIx) -> Option<ChoiceIx> {
        self.best_choice.get(state.0 as usize).copied().flatten()
    }

    /// The choice that does least for the overall percentage from a state.
    pub fn worst_choice(&self, state: StateIx) -> Option<ChoiceIx> {
        self.worst_choice.get(state.0 as usize).copied().flatten()
    }

    /// The line of play from a state that does most (or least) for the overall percentage,
    /// taking at each draw the outcome least favourable to that aim.
    pub fn line(&self, from: StateIx, best: bool) -> Vec<LineStep> {
        let (choices, totals) = if best {
            (&self.best_choice, &self.best_total)
        } else {
            (&self.worst_choice, &self.worst_total)
        };
        let mut line = Vec::new();
        let mut state = Some(from);
        while let Some(s) = state {
            // A loop on the line would repeat forever; choices on loops score nothing anyway.
            if line.len() > self.states.len() {
                break;
            }
            let Some(c) = choices[s.0 as usize] else {
                break;
            };
            let Some(edge) = self.edge(s, c) else { break };
            let value = |d: &Dest| match d {
                Dest::State(x) => totals[x.0 as usize],
                Dest::Ending(_) => 0.0,
            };
            let drawn = (0..edge.dests.len()).reduce(|a, b| {
                let (va, vb) = (value(&edge.dests[a]), value(&edge.dests[b]));
                if (best && vb < va) || (!best && vb > va) {
                    b
                } else {
                    a
                }
            });
            let drawn = drawn.unwrap_or(0);
            line.push(LineStep {
                state: s,
                choice: c,
                drawn: (edge.dests.len() > 1).then_some(drawn),
            });
            state = match edge.dests[drawn] {
                Dest::State(x) => Some(x),
                Dest::Ending(_) => None,
            };
        }
        line
    }

    /// Each principle's weight in the overall objective: 1 where it is at stake, else 0.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}
