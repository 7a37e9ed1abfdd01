//! Breaking ties between equally good choices towards an ending.
//!
//! A choice on a loop scores nothing (CT037), so "read it again" and "delete the post" can be
//! worth exactly the same from a scene. Picking the first one written could then send the best
//! (or worst) line round the loop for ever. Among the choices that achieve a state's value, the
//! analysis prefers the one that reaches an ending in the fewest decisions, so every line ends.

use super::analysis::{Dest, Edge, StateNode};

/// Unknown, or no ending reachable along the given edges.
pub const NEVER: u32 = u32::MAX;

/// For each state, the fewest decisions to an ending when only the edges listed in `allowed`
/// (indices into each state's edges) are taken, counting a chance draw by its longest outcome.
pub fn steps_to_end(states: &[StateNode], allowed: &[Vec<usize>]) -> Vec<u32> {
    let n = states.len();
    // For each allowed edge, the distinct states it may lead to, still unsettled.
    let mut pending: Vec<Vec<usize>> = Vec::with_capacity(n);
    let mut waiting: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut steps = vec![NEVER; n];
    let mut frontier = Vec::new();
    for (u, st) in states.iter().enumerate() {
        let mut counts = Vec::with_capacity(allowed[u].len());
        for (k, &i) in allowed[u].iter().enumerate() {
            let mut dests: Vec<usize> = st.edges[i]
                .dests
                .iter()
                .filter_map(|d| match d {
                    Dest::State(v) => Some(v.0 as usize),
                    Dest::Ending(_) => None,
                })
                .collect();
            dests.sort_unstable();
            dests.dedup();
            for &v in &dests {
                waiting[v].push((u, k));
            }
            counts.push(dests.len());
            if dests.is_empty() && steps[u] == NEVER {
                steps[u] = 1;
                frontier.push(u);
            }
        }
        pending.push(counts);
    }
    // Breadth first: states settle in order of their steps, so when an edge's last destination
    // settles it is the furthest one, and the edge takes one step more.
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for v in frontier {
            for &(u, k) in &waiting[v] {
                pending[u][k] -= 1;
                if pending[u][k] == 0 && steps[u] == NEVER {
                    steps[u] = steps[v] + 1;
                    next.push(u);
                }
            }
        }
        frontier = next;
    }
    steps
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
