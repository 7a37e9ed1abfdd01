//! Choices that score and can be taken a second time in one attempt.
//!
//! CT037 catches a scoring choice on a loop of play states. A loop bounded by a flag is not a loop
//! of play states: the learner comes back to the same scene with one more flag set, and a choice
//! offered there again scores again. canteen refuses such a story (CT075) rather than quietly
//! scoring the second taking as nothing, because the feedback shows each choice's points and the
//! learner would be told they earned marks that were not counted. The author decides instead:
//! give the choice a flag of its own (`sets` and `unless` the same flag), or change the route.

use rustc_hash::FxHashMap as HashMap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{Dest, StateNode};
use crate::model::{ChoiceIx, Story, Target};

/// For every scoring choice that can be taken twice in one attempt, the choices of the shortest
/// route from its first taking to its second (the choice itself first and last).
pub fn scoring_repeats(
    scenario: &Story,
    states: &[StateNode],
    on_loop: &[bool],
) -> Vec<(ChoiceIx, Vec<ChoiceIx>)> {
    let component = scene_components(scenario);
    let mut by_scene: HashMap<u32, Vec<usize>> = HashMap::default();
    for (u, st) in states.iter().enumerate() {
        by_scene.entry(st.scene.0).or_default().push(u);
    }
    let mut found = Vec::new();
    for (c, choice) in scenario.choices().iter().enumerate() {
        let ix = ChoiceIx(c as u32);
        if on_loop[c] || choice.effects.iter().all(|&x| x == 0) {
            continue;
        }
        let Some((cyclic, k)) = component.get(choice.scene.0 as usize).copied() else {
            continue;
        };
        if !cyclic {
            continue;
        }
        let offering: Vec<usize> = by_scene
            .get(&choice.scene.0)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&u| states[u].edges.iter().any(|e| e.choice == ix))
            .collect();
        if let Some(route) = route_back(states, &component, k, ix, &offering) {
            found.push((ix, route));
        }
    }
    found
}

/// The shortest route, staying inside scene component `k`, from a state reached by taking `choice`
/// to a state that offers it again.
fn route_back(
    states: &[StateNode],
    component: &[(bool, usize)],
    k: usize,
    choice: ChoiceIx,
    offering: &[usize],
) -> Option<Vec<ChoiceIx>> {
    let inside = |u: usize| component.get(states[u].scene.0 as usize).map(|c| c.1) == Some(k);
    // Breadth first from every destination of the choice; parents remember the route.
    let mut parent: HashMap<usize, Option<(usize, ChoiceIx)>> = HashMap::default();
    let mut queue = std::collections::VecDeque::new();
    for &u in offering {
        for e in states[u].edges.iter().filter(|e| e.choice == choice) {
            for d in &e.dests {
                if let Dest::State(v) = d {
                    let v = v.0 as usize;
                    if inside(v) && parent.insert(v, None).is_none() {
                        queue.push_back(v);
                    }
                }
            }
        }
    }
    while let Some(u) = queue.pop_front() {
        if offering.contains(&u) {
            let mut route = vec![choice];
            let mut at = u;
            let mut back = Vec::new();
            while let Some(Some((p, c))) = parent.get(&at) {
                back.push(*c);
                at = *p;
            }
            route.extend(back.into_iter().rev());
            route.push(choice);
            return Some(route);
        }
        for e in &states[u].edges {
            for d in &e.dests {
                if let Dest::State(v) = d {
                    let v = v.0 as usize;
                    if inside(v) && !parent.contains_key(&v) {
                        parent.insert(v, Some((u, e.choice)));
                        queue.push_back(v);
                    }
                }
            }
        }
    }
    None
}

/// For every scene: whether it lies on a loop of scenes, and the index of its component.
fn scene_components(scenario: &Story) -> Vec<(bool, usize)> {
    let n = scenario.scenes().len();
    let mut g = DiGraph::<(), ()>::with_capacity(n, n * 3);
    for _ in 0..n {
        g.add_node(());
    }
    let mut self_loop = vec![false; n];
    for c in scenario.choices() {
        for t in c.targets() {
            if let Target::Scene(v) = t {
                g.add_edge(
                    NodeIndex::new(c.scene.0 as usize),
                    NodeIndex::new(v.0 as usize),
                    (),
                );
                if v == c.scene {
                    self_loop[v.0 as usize] = true;
                }
            }
        }
    }
    let mut out = vec![(false, 0); n];
    for (k, members) in tarjan_scc(&g).into_iter().enumerate() {
        let cyclic = members.len() > 1;
        for u in members {
            out[u.index()] = (cyclic || self_loop[u.index()], k);
        }
    }
    out
}
