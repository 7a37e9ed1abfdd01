//! Static analysis of a scenario: every reachable play state and the score bounds from each.
//!
//! A play state is a scene plus the flags that can still matter there (flags tested by some
//! choice reachable from the scene); dropping the rest keeps the state space close to the
//! number of scenes. Bounds are computed by dynamic programming over the strongly connected
//! components of the state graph, sinks first, never by enumerating paths; that solving, and
//! the scoring rules it follows, live in the `bounds` submodule.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::Direction;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::Story;
use crate::model::flags::FlagSet;
use crate::model::{ChoiceIx, EndingIx, SceneIx, Target};

mod bounds;
mod repeats;
mod steps;

/// Index of a play state in an [`Analysis`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateIx(pub u32);

/// Where a choice leads, as a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dest {
    State(StateIx),
    Ending(EndingIx),
}

/// A choice available in a state, with one destination per chance outcome (or just one).
#[derive(Debug, Clone)]
pub struct Edge {
    pub choice: ChoiceIx,
    pub dests: Vec<Dest>,
}

/// A reachable scene with the flags that still matter there.
#[derive(Debug, Clone)]
pub struct StateNode {
    pub scene: SceneIx,
    pub flags: FlagSet,
    pub edges: Vec<Edge>,
}

/// One decision on a line of play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStep {
    pub state: StateIx,
    pub choice: ChoiceIx,
    /// The chance outcome taken, when the choice leads to a draw.
    pub drawn: Option<usize>,
}

/// Something the analysis found that makes a scenario unplayable or unfair.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The flag combinations exceed the limit.
    TooManyStates { limit: usize },
    /// This scene is reachable with these flags, and no choice is offered then.
    NothingOffered { scene: SceneIx, flags: FlagSet },
    /// No ending can be reached from this scene when it is reached with these flags.
    NoWayOut { scene: SceneIx, flags: FlagSet },
    /// This choice lies on a loop and scores points.
    ScoringLoop { choice: ChoiceIx },
    /// This choice scores and can be taken again later in the same attempt, by this route
    /// (the choice first and last).
    ScoresTwice {
        choice: ChoiceIx,
        route: Vec<ChoiceIx>,
    },
}

/// The most play states analysed before giving up.
pub const MAX_STATES: usize = 200_000;

/// Every reachable play state of a scenario with its score bounds.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    relevant: Vec<FlagSet>,
    states: Vec<StateNode>,
    index: HashMap<(SceneIx, FlagSet), StateIx>,
    principles: usize,
    best: Vec<f64>,
    worst: Vec<f64>,
    weights: Vec<f64>,
    best_total: Vec<f64>,
    worst_total: Vec<f64>,
    best_choice: Vec<Option<ChoiceIx>>,
    worst_choice: Vec<Option<ChoiceIx>>,
    offered: Vec<bool>,
    reached_endings: Vec<bool>,
    on_loop: Vec<bool>,
}

impl Analysis {
    /// Analyses a story whose ids are resolved.
    pub(super) fn build(scenario: &Story) -> Result<Analysis, Vec<Problem>> {
        let mut a = Analysis {
            relevant: relevant_flags(scenario),
            principles: scenario.principles().len(),
            offered: vec![false; scenario.choices().len()],
            reached_endings: vec![false; scenario.endings().len()],
            on_loop: vec![false; scenario.choices().len()],
            ..Analysis::default()
        };
        a.index.reserve(scenario.scenes().len());
        a.explore(scenario)?;
        let mut problems = a.offer_problems(scenario);
        let graph = a.graph();
        let sccs = components(&graph);
        problems.extend(a.loop_problems(scenario, &sccs));
        problems.extend(
            repeats::scoring_repeats(scenario, &a.states, &a.on_loop)
                .into_iter()
                .map(|(choice, route)| Problem::ScoresTwice { choice, route }),
        );
        problems.extend(a.exit_problems(&graph));
        if !problems.is_empty() {
            return Err(problems);
        }
        a.solve_bounds(scenario, &sccs);
        Ok(a)
    }

    fn explore(&mut self, scenario: &Story) -> Result<(), Vec<Problem>> {
        let start = self.intern(scenario.start(), FlagSet::EMPTY);
        debug_assert_eq!(start, StateIx(0));
        let mut next = 0;
        while next < self.states.len() {
            if self.states.len() > MAX_STATES {
                return Err(vec![Problem::TooManyStates { limit: MAX_STATES }]);
            }
            let StateNode { scene, flags, .. } = self.states[next];
            let s = scenario.scene(scene);
            let timer = s.timer.map(|t| t.expired);
            let mut edges = Vec::new();
            for &c in s.choices.iter().chain(timer.iter()) {
                let choice = scenario.choice(c);
                if !choice.on_timeout && !choice.offered_with(flags) {
                    continue;
                }
                self.offered[c.0 as usize] = true;
                let after = flags.union(choice.sets);
                let dests = choice.targets().map(|t| self.dest(t, after)).collect();
                edges.push(Edge { choice: c, dests });
            }
            self.states[next].edges = edges;
            next += 1;
        }
        Ok(())
    }

    fn dest(&mut self, target: Target, flags: FlagSet) -> Dest {
        match target {
            Target::Scene(s) => Dest::State(self.intern(s, flags)),
            Target::Ending(e) => {
                self.reached_endings[e.0 as usize] = true;
                Dest::Ending(e)
            }
        }
    }

    fn intern(&mut self, scene: SceneIx, flags: FlagSet) -> StateIx {
        let flags = flags.intersection(self.relevant[scene.0 as usize]);
        let len = self.states.len();
        *self.index.entry((scene, flags)).or_insert_with(|| {
            self.states.push(StateNode {
                scene,
                flags,
                edges: Vec::new(),
            });
            StateIx(len as u32)
        })
    }

    fn offer_problems(&self, scenario: &Story) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut seen = HashSet::default();
        for st in &self.states {
            if st.edges.is_empty()
                && !scenario.scene(st.scene).choices.is_empty()
                && seen.insert(st.scene)
            {
                problems.push(Problem::NothingOffered {
                    scene: st.scene,
                    flags: st.flags,
                });
            }
        }
        problems
    }

    /// The state graph: an edge from each state to each state its choices may lead to.
    fn graph(&self) -> DiGraph<(), ()> {
        let mut g = DiGraph::<(), ()>::with_capacity(self.states.len(), self.states.len() * 3);
        for _ in &self.states {
            g.add_node(());
        }
        for (u, st) in self.states.iter().enumerate() {
            for e in &st.edges {
                for d in &e.dests {
                    if let Dest::State(v) = d {
                        g.add_edge(NodeIndex::new(u), NodeIndex::new(v.0 as usize), ());
                    }
                }
            }
        }
        g
    }

    fn loop_problems(&mut self, scenario: &Story, sccs: &[Vec<usize>]) -> Vec<Problem> {
        let mut component = vec![0usize; self.states.len()];
        for (i, c) in sccs.iter().enumerate() {
            for &u in c {
                component[u] = i;
            }
        }
        let mut problems = Vec::new();
        for (u, st) in self.states.iter().enumerate() {
            for e in &st.edges {
                let looped = e.dests.iter().any(
                    |d| matches!(d, Dest::State(v) if component[v.0 as usize] == component[u]),
                );
                let c = e.choice.0 as usize;
                if looped && !self.on_loop[c] {
                    self.on_loop[c] = true;
                    if scenario.choices()[c].effects.iter().any(|&x| x != 0) {
                        problems.push(Problem::ScoringLoop { choice: e.choice });
                    }
                }
            }
        }
        problems
    }

    fn exit_problems(&self, graph: &DiGraph<(), ()>) -> Vec<Problem> {
        // Backwards from the states that can end the story.
        let mut can_end: Vec<bool> = self
            .states
            .iter()
            .map(|st| {
                st.edges
                    .iter()
                    .any(|e| e.dests.iter().any(|d| matches!(d, Dest::Ending(_))))
            })
            .collect();
        let mut queue: Vec<usize> = (0..can_end.len()).filter(|&u| can_end[u]).collect();
        while let Some(v) = queue.pop() {
            for u in graph.neighbors_directed(NodeIndex::new(v), Direction::Incoming) {
                if !can_end[u.index()] {
                    can_end[u.index()] = true;
                    queue.push(u.index());
                }
            }
        }
        let mut seen = HashSet::default();
        self.states
            .iter()
            .zip(&can_end)
            .filter(|(st, ok)| !**ok && !st.edges.is_empty() && seen.insert(st.scene))
            .map(|(st, _)| Problem::NoWayOut {
                scene: st.scene,
                flags: st.flags,
            })
            .collect()
    }

    /// The state the learner starts in.
    pub fn start(&self) -> StateIx {
        StateIx(0)
    }

    /// All reachable states.
    pub fn states(&self) -> &[StateNode] {
        &self.states
    }

    /// A state by index.
    pub fn state(&self, ix: StateIx) -> &StateNode {
        &self.states[ix.0 as usize]
    }

    /// The state for a scene reached with these flags (any flags; irrelevant ones are dropped).
    pub fn state_of(&self, scene: SceneIx, flags: FlagSet) -> Option<StateIx> {
        let relevant = *self.relevant.get(scene.0 as usize)?;
        self.index
            .get(&(scene, flags.intersection(relevant)))
            .copied()
    }

    /// The edge for a choice in a state.
    pub fn edge(&self, state: StateIx, choice: ChoiceIx) -> Option<&Edge> {
        self.state(state).edges.iter().find(|e| e.choice == choice)
    }

    /// True when the choice is offered in some reachable state.
    pub fn is_offered(&self, choice: ChoiceIx) -> bool {
        self.offered[choice.0 as usize]
    }

    /// True when some play reaches the ending.
    pub fn is_reached(&self, ending: EndingIx) -> bool {
        self.reached_endings[ending.0 as usize]
    }

    /// True when the choice can be taken more than once in one play.
    pub fn is_on_loop(&self, choice: ChoiceIx) -> bool {
        self.on_loop[choice.0 as usize]
    }

    /// True when some reachable state can return to itself.
    pub fn has_loops(&self) -> bool {
        self.on_loop.iter().any(|&l| l)
    }
}

/// Strongly connected components of a graph, sinks first, as lists of node indices.
fn components(graph: &DiGraph<(), ()>) -> Vec<Vec<usize>> {
    tarjan_scc(graph)
        .into_iter()
        .map(|c| c.into_iter().map(NodeIndex::index).collect())
        .collect()
}

/// For every scene, the flags tested by some choice reachable from it (conditions ignored).
fn relevant_flags(scenario: &Story) -> Vec<FlagSet> {
    let n = scenario.scenes().len();
    let mut g = DiGraph::<(), ()>::with_capacity(n, n * 3);
    for _ in 0..n {
        g.add_node(());
    }
    let mut tested = vec![FlagSet::EMPTY; n];
    for c in scenario.choices() {
        let u = c.scene.0 as usize;
        tested[u] = tested[u].union(c.requires).union(c.unless);
        for t in c.targets() {
            if let Target::Scene(v) = t {
                g.add_edge(NodeIndex::new(u), NodeIndex::new(v.0 as usize), ());
            }
        }
    }
    let mut relevant = vec![FlagSet::EMPTY; n];
    // Sinks first, so successors outside a component are done before it.
    for component in tarjan_scc(&g) {
        let mut set = FlagSet::EMPTY;
        for &u in &component {
            set = set.union(tested[u.index()]);
            for v in g.neighbors(u) {
                set = set.union(relevant[v.index()]);
            }
        }
        for &u in &component {
            relevant[u.index()] = set;
        }
    }
    relevant
}
