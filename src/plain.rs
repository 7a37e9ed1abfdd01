//! Plain mode (`canteen --plain`): the trainer as numbered lines on stdout with answers read
//! from stdin, with no escape codes, for screen readers, pipes and scripts. It plays the same
//! attempts and keeps the same records as the full-screen trainer.

use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::engine::Scenario;
use crate::library::Library;
use crate::records::{Attempt, Store};
use crate::terminal::Clock;

/// Gaps longer than this are time away, not time spent training.
const IDLE: Duration = Duration::from_secs(120);

/// The plain trainer's state between prompts.
pub struct Plain<'a, C: Clock> {
    library: &'a Library,
    store: &'a mut Store,
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    clock: &'a C,
    rng: ChaCha8Rng,
    last: Duration,
}

impl<'a, C: Clock> Plain<'a, C> {
    /// A plain trainer reading `input` and writing `out`.
    pub fn new(
        library: &'a Library,
        store: &'a mut Store,
        input: &'a mut dyn BufRead,
        out: &'a mut dyn Write,
        clock: &'a C,
        seed: u64,
    ) -> Self {
        let last = clock.now().mono;
        Plain {
            library,
            store,
            input,
            out,
            clock,
            rng: ChaCha8Rng::seed_from_u64(seed),
            last,
        }
    }

    /// Reads one answer, trimmed; `None` at the end of input.
    fn ask(&mut self, prompt: &str) -> io::Result<Option<String>> {
        writeln!(self.out, "{prompt}")?;
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        Ok(Some(line.trim().to_string()))
    }

    fn err(e: crate::records::StoreError) -> io::Error {
        io::Error::other(e.to_string())
    }

    /// Runs until the learner quits or the input ends.
    pub fn run(&mut self) -> io::Result<()> {
        writeln!(self.out, "canteen: {}", crate::terminal::text::TAGLINE)?;
        let learner = self.store.learner().map_err(Self::err)?;
        if !learner.asked {
            self.ask_name()?;
        }
        loop {
            let playable: Vec<Arc<Scenario>> = self.library.scenarios().cloned().collect();
            self.list(&playable)?;
            let Some(answer) = self.ask(&format!(
                "Choose a scenario (1-{}), n to set your name, or q to quit:",
                playable.len()
            ))?
            else {
                return Ok(());
            };
            match answer.as_str() {
                "q" | "quit" => return Ok(()),
                "n" => self.ask_name()?,
                number => match number
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| playable.get(n.wrapping_sub(1)))
                {
                    Some(s) => {
                        if !self.play(Arc::clone(s))? {
                            return Ok(());
                        }
                    }
                    None => writeln!(
                        self.out,
                        "Please type a number from 1 to {}.",
                        playable.len()
                    )?,
                },
            }
        }
    }

    fn ask_name(&mut self) -> io::Result<()> {
        let name = self
            .ask("Your name or staff number for your records (optional, stored only on this computer; press Enter to skip):")?
            .unwrap_or_default();
        self.store.set_learner(&name).map_err(Self::err)
    }

    fn list(&mut self, playable: &[Arc<Scenario>]) -> io::Result<()> {
        writeln!(self.out)?;
        writeln!(self.out, "Scenarios:")?;
        let results = self.store.best_results().map_err(Self::err)?;
        let saved = self.store.all_progress().map_err(Self::err)?;
        for (i, s) in playable.iter().enumerate() {
            let roles: Vec<_> = s
                .meta()
                .roles
                .iter()
                .map(|r| self.library.catalogue.role_name(r))
                .collect();
            let status = if saved.iter().any(|p| p.scenario_id == s.meta().id) {
                "in progress".to_string()
            } else {
                match results.iter().find(|r| r.0 == s.meta().id) {
                    Some((_, true, best)) => format!("passed, best {best}%"),
                    Some((_, false, best)) => format!("not passed, best {best}%"),
                    None => "new".into(),
                }
            };
            writeln!(
                self.out,
                "{:>3}. {} (for {}; {} min) - {status}",
                i + 1,
                s.meta().title,
                roles.join(", "),
                s.meta().minutes
            )?;
        }
        for e in self.library.entries.iter().filter(|e| e.scenario.is_none()) {
            writeln!(
                self.out,
                "     unavailable: {} (`canteen validate` explains why)",
                e.file.name
            )?;
        }
        Ok(())
    }

    fn active_ms(&mut self, so_far: u64) -> u64 {
        let now = self.clock.now().mono;
        let gap = now.saturating_sub(self.last).min(IDLE);
        self.last = now;
        so_far + gap.as_millis() as u64
    }

    /// Plays one scenario; false when the input ended.
    fn play(&mut self, scenario: Arc<Scenario>) -> io::Result<bool> {
        let mut attempt = match self
            .store
            .progress(&scenario.meta().id)
            .map_err(Self::err)?
        {
            Some(p) => {
                let answer = self.ask(&format!(
                    "You have an attempt in progress ({} decisions made). Type c to carry on or s to start again:",
                    p.steps.len()
                ))?;
                match answer.as_deref() {
                    None => return Ok(false),
                    Some("s") => self.fresh(&scenario),
                    Some(_) => {
                        let (attempt, gap) = Attempt::resume(Arc::clone(&scenario), p);
                        if let Some(gap) = gap {
                            writeln!(
                                self.out,
                                "This scenario has changed since you saved: at decision {}, {}. You carry on from there.",
                                gap.step, gap.reason
                            )?;
                        }
                        attempt
                    }
                }
            }
            None => self.fresh(&scenario),
        };
        self.last = self.clock.now().mono;
        writeln!(self.out)?;
        writeln!(self.out, "== {} ==", scenario.meta().title)?;
        while !attempt.session.is_finished() {
            if !self.decide(&mut attempt)? {
                return Ok(false);
            }
        }
        self.ending(&attempt)?;
        Ok(true)
    }

    fn fresh(&mut self, scenario: &Arc<Scenario>) -> Attempt {
        let mut id = [0u8; 16];
        self.rng.fill_bytes(&mut id);
        let attempt_id = uuid::Builder::from_random_bytes(id).into_uuid().to_string();
        Attempt::start(
            Arc::clone(scenario),
            self.rng.next_u64(),
            attempt_id,
            self.clock.now().wall,
        )
    }

    /// One decision; false when the input ended.
    fn decide(&mut self, attempt: &mut Attempt) -> io::Result<bool> {
        let s = attempt.session.scenario().clone();
        let scene = attempt.session.scene().expect("not finished").clone();
        let done = attempt.session.history().len();
        writeln!(self.out)?;
        writeln!(
            self.out,
            "Decision {} of {}",
            done + 1,
            done + attempt.session.decisions_left()
        )?;
        writeln!(
            self.out,
            "{}",
            reflow(attempt.session.text().unwrap_or_default())
        )?;
        if let Some(t) = scene.timer {
            writeln!(
                self.out,
                "(In the full-screen trainer this decision has {} seconds. Type t to let the time run out.)",
                t.seconds
            )?;
        }
        writeln!(self.out, "What do you do?")?;
        let offered: Vec<String> = attempt
            .session
            .offered_choices()
            .map(|c| c.id.clone())
            .collect();
        for (i, c) in attempt.session.offered_choices().enumerate() {
            writeln!(self.out, "{:>3}. {}", i + 1, c.text)?;
        }
        let choice = loop {
            let Some(answer) = self.ask(&format!(
                "Your choice (1-{}, or q to stop and keep your progress):",
                offered.len()
            ))?
            else {
                return Ok(false);
            };
            match answer.as_str() {
                "q" => return Ok(false),
                "t" if scene.timer.is_some() => break None,
                n => match n
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| offered.get(n.wrapping_sub(1)))
                {
                    Some(id) => break Some(id.clone()),
                    None => writeln!(
                        self.out,
                        "Please type a number from 1 to {}.",
                        offered.len()
                    )?,
                },
            }
        };
        let active = self.active_ms(attempt.progress.active_ms);
        let step = attempt
            .play(choice.as_deref(), self.clock.now().wall, active)
            .map_err(|e| io::Error::other(e.to_string()))?;
        let c = s.choice(step.choice);
        writeln!(self.out)?;
        if step.timed_out {
            writeln!(self.out, "Time ran out: {}", c.text)?;
        } else {
            writeln!(self.out, "You chose: {}", c.text)?;
        }
        if c.critical {
            writeln!(
                self.out,
                "CRITICAL BREACH: in real life this would be a serious breach. It fails the attempt whatever your score."
            )?;
        }
        writeln!(self.out, "{}", reflow(&c.feedback))?;
        for (p, &points) in s
            .principles()
            .iter()
            .zip(&c.effects)
            .filter(|(_, x)| **x != 0)
        {
            let word = if points > 0 { "Upheld" } else { "Breached" };
            let source = p
                .sources
                .first()
                .map(|x| format!(" Source: {x}."))
                .unwrap_or_default();
            writeln!(
                self.out,
                "  {word}: {} ({points:+}). {}{source}",
                p.name, p.description
            )?;
        }
        if attempt.session.is_finished() {
            let learner = self.store.learner().map_err(Self::err)?.name;
            let record = attempt.record(&learner, self.clock.now().wall);
            self.store.record_attempt(&record).map_err(Self::err)?;
        } else {
            self.store
                .save_progress(&attempt.progress)
                .map_err(Self::err)?;
        }
        Ok(self.ask("(Press Enter to continue.)")?.is_some())
    }

    fn ending(&mut self, attempt: &Attempt) -> io::Result<()> {
        let session = &attempt.session;
        let s = session.scenario();
        let card = session.scorecard();
        writeln!(self.out)?;
        if let Some(e) = session.ending() {
            writeln!(self.out, "Ending: {}", e.title)?;
            writeln!(self.out, "{}", reflow(&e.outcome))?;
            writeln!(self.out, "Debrief: {}", reflow(&e.debrief))?;
        }
        writeln!(self.out, "Result: {}", card.verdict())?;
        writeln!(self.out, "Your score by principle:")?;
        for p in &card.principles {
            if let Some(percent) = p.percent() {
                writeln!(
                    self.out,
                    "  {}: {:+} of {:+} ({percent}%)",
                    p.principle.name, p.earned, p.best
                )?;
            }
        }
        writeln!(self.out, "Your path:")?;
        for (i, step) in session.history().iter().enumerate() {
            let chosen = s.choice(step.choice);
            let critical = if chosen.critical { " (critical)" } else { "" };
            writeln!(self.out, "  {}. {}{critical}", i + 1, chosen.text)?;
            if let Some(better) = session.better_choice(step).filter(|&b| b != step.choice) {
                writeln!(self.out, "     Better: {}", s.choice(better).text)?;
            }
        }
        writeln!(
            self.out,
            "Your attempt is saved in {}.",
            self.store.path().display()
        )?;
        Ok(())
    }
}

/// Prose with the source file's line breaks joined: one line per paragraph, paragraphs apart.
fn reflow(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
