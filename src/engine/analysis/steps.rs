//! Breaking ties between equally good choices towards an ending.
//!
//! A choice on a loop scores nothing (CT037), so "read it again" and "delete the post" can be
//! worth exactly the same from a scene. Picking the first one written could then send the best
//! (or worst) line round the loop for ever. Among the choices that achieve a state's value, the
//! analysis prefers the one that reaches an ending in the fewest decisions, so every line ends.

use super::{Dest, Edge, StateNode};

/// Unknown, or no ending reachable along the given edges.
pub const NEVER: u32 = u32::MAX;

/// For each state, the fewest decisions to an ending when only the allowed edges are taken,
/// counting a chance draw by its longest outcome. `allowed` has one entry per edge, for the
/// states' edges in order (state 0's edges, then state 1's, ...).
pub fn steps_to_end(states: &[StateNode], allowed: &[bool]) -> Vec<u32> {
    let n = states.len();
    // Per edge: its state, and how many of its distinct destinations are still unsettled.
    // Per state: the edges waiting for it, as one flat list with a start offset per state.
    let owner: Vec<u32> = states
        .iter()
        .enumerate()
        .flat_map(|(u, st)| std::iter::repeat_n(u as u32, st.edges.len()))
        .collect();
    let mut pending = vec![0u32; allowed.len()];
    let mut starts = vec![0u32; n + 1];
    for (e, v) in waits(states, allowed) {
        starts[v + 1] += 1;
        pending[e] += 1;
    }
    for v in 0..n {
        starts[v + 1] += starts[v];
    }
    let mut waiting = vec![0u32; starts[n] as usize];
    let mut filled = starts.clone();
    for (e, v) in waits(states, allowed) {
        waiting[filled[v] as usize] = e as u32;
        filled[v] += 1;
    }
    // An allowed edge with no state to wait for ends the story: one decision.
    let mut steps = vec![NEVER; n];
    let mut frontier = Vec::new();
    for e in (0..allowed.len()).filter(|&e| allowed[e] && pending[e] == 0) {
        let u = owner[e] as usize;
        if steps[u] == NEVER {
            steps[u] = 1;
            frontier.push(u);
        }
    }
    // Breadth first: states settle in order of their steps, so when an edge's last destination
    // settles it is the furthest one, and the edge takes one step more.
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for v in frontier {
            for &e in &waiting[starts[v] as usize..starts[v + 1] as usize] {
                let e = e as usize;
                let u = owner[e] as usize;
                pending[e] -= 1;
                if pending[e] == 0 && steps[u] == NEVER {
                    steps[u] = steps[v] + 1;
                    next.push(u);
                }
            }
        }
        frontier = next;
    }
    steps
}

/// Each allowed edge (numbered as in `allowed`) with each distinct state it may lead to.
fn waits<'a>(
    states: &'a [StateNode],
    allowed: &'a [bool],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    states
        .iter()
        .flat_map(|st| &st.edges)
        .enumerate()
        .filter(|&(e, _)| allowed[e])
        .flat_map(|(e, edge)| {
            (0..edge.dests.len()).filter_map(move |k| new_state(&edge.dests, k).map(|v| (e, v)))
        })
}

/// The state an edge's `k`th outcome leads to, unless it is an ending or an earlier outcome's.
fn new_state(dests: &[Dest], k: usize) -> Option<usize> {
    match dests[k] {
        Dest::State(v) if !dests[..k].contains(&dests[k]) => Some(v.0 as usize),
        _ => None,
    }
}

/// The decisions to an ending through one edge: one, plus its furthest destination's steps.
pub fn edge_steps(edge: &Edge, steps: &[u32]) -> u32 {
    edge.dests
        .iter()
        .map(|d| match d {
            Dest::State(v) => steps[v.0 as usize],
            Dest::Ending(_) => 0,
        })
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}
