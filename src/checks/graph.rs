//! The graph pass: reachability, ways out, flags, loops, and the engine's state analysis.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::engine::Scenario;
use crate::engine::analysis::Problem;
use crate::format::Report;
use crate::format::rules::Rule;
use crate::model::Story;
use crate::model::flags::FlagSet;
use crate::model::{ChoiceIx, EndingIx, Target};

/// The checks on the story before it is analysed; `Some` with the scenes reached from the
/// start when the story can be analysed.
pub(super) fn before_analysis(story: &Story, report: &mut Report) -> Option<Vec<bool>> {
    let reached = reachable_scenes(story, report);
    check_flags(story, report);
    ways_out(story, &reached, report).then_some(reached)
}

/// Analyses the story, reporting why when it cannot be played fairly.
pub(super) fn analyse(story: Story, reached: &[bool], report: &mut Report) -> Option<Scenario> {
    match Scenario::analyse(story) {
        Ok(scenario) => {
            after_analysis(&scenario, reached, report);
            Some(scenario)
        }
        Err(unplayable) => {
            for p in unplayable.problems {
                problem(&unplayable.story, p, report);
            }
            None
        }
    }
}

/// Scene-level reachability from the start, conditions ignored.
fn reachable_scenes(scenario: &Story, report: &mut Report) -> Vec<bool> {
    let mut seen = vec![false; scenario.scenes().len()];
    let mut stack = vec![scenario.start()];
    seen[scenario.start().0 as usize] = true;
    while let Some(s) = stack.pop() {
        let scene = scenario.scene(s);
        let timer = scene.timer.map(|t| t.expired);
        for c in scene
            .choices
            .iter()
            .chain(timer.iter())
            .map(|&c| scenario.choice(c))
        {
            for t in c.targets() {
                if let Target::Scene(x) = t
                    && !seen[x.0 as usize]
                {
                    seen[x.0 as usize] = true;
                    stack.push(x);
                }
            }
        }
    }
    for (scene, _) in scenario.scenes().iter().zip(&seen).filter(|(_, r)| !**r) {
        report.push(
            Rule::Unreachable,
            format!("scene \"{}\" cannot be reached from the start", scene.id),
            report.locate.scene(&scene.id),
            "no choice leads here",
            "point a choice's `next` at it, or delete it if it is no longer needed",
        );
    }
    seen
}

/// Scenes from which no ending can be reached, reported once per loop. False if any.
fn ways_out(scenario: &Story, reached: &[bool], report: &mut Report) -> bool {
    let n = scenario.scenes().len();
    let mut g = DiGraph::<(), ()>::new();
    for _ in 0..n {
        g.add_node(());
    }
    let mut ends = vec![false; n];
    for c in scenario.choices() {
        for t in c.targets() {
            match t {
                Target::Scene(x) => {
                    g.add_edge(
                        NodeIndex::new(c.scene.0 as usize),
                        NodeIndex::new(x.0 as usize),
                        (),
                    );
                }
                Target::Ending(_) => ends[c.scene.0 as usize] = true,
            }
        }
    }
    // Components come sinks first, so a component's successors are settled before it.
    let mut can_end = ends.clone();
    let mut ok = true;
    for component in tarjan_scc(&g) {
        let exits = component
            .iter()
            .any(|&u| ends[u.index()] || g.neighbors(u).any(|v| can_end[v.index()]));
        for &u in &component {
            can_end[u.index()] = exits;
        }
        let first = component.iter().map(|u| u.index()).min().unwrap_or(0);
        if !exits && reached[first] && !scenario.scenes()[first].choices.is_empty() {
            ok = false;
            let mut ids: Vec<_> = component
                .iter()
                .map(|u| scenario.scenes()[u.index()].id.as_str())
                .collect();
            ids.sort_unstable();
            let (message, label) = if ids.len() > 1 {
                (
                    format!(
                        "no ending can be reached from the loop of scenes {}",
                        quote_list(&ids)
                    ),
                    "the story goes round these scenes for ever",
                )
            } else {
                (
                    format!("no ending can be reached from scene \"{}\"", ids[0]),
                    "every choice here leads back or nowhere",
                )
            };
            report.push(
                Rule::NoWayOut,
                message,
                report.locate.scene(&scenario.scenes()[first].id),
                label,
                "give one of these scenes a choice that leads towards an ending",
            );
        }
    }
    ok
}

fn check_flags(scenario: &Story, report: &mut Report) {
    let (set, tested) = scenario
        .choices()
        .iter()
        .fold((FlagSet::EMPTY, FlagSet::EMPTY), |(set, tested), c| {
            (set.union(c.sets), tested.union(c.requires).union(c.unless))
        });
    for (i, flag) in scenario.flags().iter().enumerate() {
        let bit = FlagSet::single(i);
        // Located only when reported: finding a span scans the text.
        let span = |r: &Report| {
            let (scene, choice) = first_mention(scenario, bit);
            r.locate.in_choice(scene, choice, flag)
        };
        if tested.contains_all(bit) && !set.contains_all(bit) {
            let help = crate::format::suggest::did_you_mean(
                flag,
                scenario.flag_names(set),
                "set it with `sets: [\"...\"]` on the choice that should unlock this, or remove the test",
            );
            report.push(
                Rule::FlagNeverSet,
                format!("the flag \"{flag}\" is tested but no choice sets it"),
                span(report),
                "never set",
                help,
            );
        }
        if set.contains_all(bit) && !tested.contains_all(bit) {
            report.push(
                Rule::FlagNeverTested,
                format!("the flag \"{flag}\" is set but no choice tests it"),
                span(report),
                "never tested",
                "test it with `requires` or `unless` on a later choice, or stop setting it",
            );
        }
    }
}

/// The scene and choice ids of the first choice, in the order written, that mentions a flag.
fn first_mention(scenario: &Story, bit: FlagSet) -> (&str, &str) {
    scenario
        .scenes()
        .iter()
        .flat_map(|s| s.choices.iter().chain(s.timer.as_ref().map(|t| &t.expired)))
        .map(|&c| scenario.choice(c))
        .find(|c| {
            !c.sets
                .union(c.requires)
                .union(c.unless)
                .intersection(bit)
                .is_empty()
        })
        .map_or(("", ""), |c| {
            (scenario.scene(c.scene).id.as_str(), c.id.as_str())
        })
}

fn after_analysis(scenario: &Scenario, reached: &[bool], report: &mut Report) {
    let a = scenario.analysis();
    for (i, c) in scenario.choices().iter().enumerate() {
        let ix = ChoiceIx(i as u32);
        let scene = scenario.scene(c.scene);
        if reached[c.scene.0 as usize] && !c.on_timeout && !a.is_offered(ix) {
            report.push(
                Rule::NeverOffered,
                format!("choice \"{}\" is never offered: its conditions never hold when \"{}\" is reached", c.id, scene.id),
                report.locate.choice(&scene.id, &c.id),
                "never offered",
                "check its `requires` and `unless` flags against the choices that set them",
            );
        }
        if c.effects.iter().all(|&x| x == 0) && !a.is_on_loop(ix) {
            report.push(
                Rule::NoEffect,
                format!("choice \"{}\" scores no principle", c.id),
                report.locate.choice(&scene.id, &c.id),
                "no `effects`",
                "add `effects: {\"principle-id\": points}` so the learner sees what it upholds or breaches",
            );
        }
    }
    for (i, e) in scenario.endings().iter().enumerate() {
        if !a.is_reached(EndingIx(i as u32)) {
            report.push(
                Rule::EndingUnreached,
                format!("ending \"{}\" is never reached", e.id),
                report.locate.scene(&e.id),
                "no play ends here",
                "point a reachable choice's `next` at it, or check the flags on the choices that lead here",
            );
        }
    }
}

fn problem(scenario: &Story, p: Problem, report: &mut Report) {
    match p {
        Problem::TooManyStates { limit } => report.push(
            Rule::TooManyStates,
            format!("more than {limit} combinations of scene and flags are reachable"),
            report.locate.top_field("scenes"),
            "too many to analyse",
            "flags that stay set for the whole story multiply the states: use fewer, or test them sooner",
        ),
        Problem::NothingOffered { scene, flags } => {
            let s = scenario.scene(scene);
            report.push(
                Rule::NothingOffered,
                format!(
                    "scene \"{}\" can be reached with flags {} and then no choice is offered",
                    s.id,
                    flag_list(scenario, flags)
                ),
                report.locate.scene(&s.id),
                "the learner would be stuck here",
                "add a choice with no conditions, or loosen the `requires` and `unless` of these choices",
            );
        }
        Problem::NoWayOut { scene, flags } => {
            let s = scenario.scene(scene);
            report.push(
                Rule::NoWayOut,
                format!(
                    "no ending can be reached from scene \"{}\" when it is reached with flags {}",
                    s.id,
                    flag_list(scenario, flags)
                ),
                report.locate.scene(&s.id),
                "a way out exists only under other flags",
                "check the `requires` and `unless` of the choices that lead on from here",
            );
        }
        Problem::ScoringLoop { choice } => {
            let c = scenario.choice(choice);
            let scene = &scenario.scene(c.scene).id;
            report.push(
                Rule::ScoringLoop,
                format!("choice \"{}\" lies on a loop and scores points", c.id),
                report.locate.choice(scene, &c.id),
                "can be taken again and again",
                "a choice that can be repeated must not score: remove its `effects`, or make it lead on",
            );
        }
        Problem::ScoresTwice { choice, route } => {
            let c = scenario.choice(choice);
            let scene = &scenario.scene(c.scene).id;
            let route: Vec<&str> = route
                .iter()
                .map(|&r| scenario.choice(r).id.as_str())
                .collect();
            report.push(
                Rule::ScoresTwice,
                format!(
                    "choice \"{}\" scores points and can be taken a second time in one attempt: {}",
                    c.id,
                    route.join(" → ")
                ),
                report.locate.choice(scene, &c.id),
                "offered again after the flags change, and it would score again",
                format!(
                    "offer it once per attempt: give it `sets: [\"{id}-done\"]` and `unless: [\"{id}-done\"]`, or change the route so it does not lead back",
                    id = c.id
                ),
            );
        }
    }
}

fn flag_list(scenario: &Story, flags: crate::model::flags::FlagSet) -> String {
    let names = scenario.flag_names(flags);
    if names.is_empty() {
        "none set".to_string()
    } else {
        quote_list(&names)
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
