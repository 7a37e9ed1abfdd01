//! Plain mode (`canteen --plain`): the trainer as numbered lines on stdout with answers read
//! from stdin, with no escape codes, for screen readers, pipes and scripts.
//!
//! A thin shell: the trainer service lists the scenarios, runs the attempts and keeps the
//! records; this only prints what it says and reads what the learner types.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use crate::engine::Scenario;
use crate::service::feedback::{CRITICAL, touched};
use crate::service::{Attempt, Clock, NotSaved, Record, RecordStore, TAGLINE, Trainer, TurnError};

/// The plain trainer's state between prompts.
pub struct Plain<'a, S: RecordStore, C: Clock> {
    trainer: &'a mut Trainer<S>,
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    clock: &'a C,
}

fn not_saved(e: NotSaved) -> io::Error {
    io::Error::other(e.to_string())
}

impl<'a, S: RecordStore, C: Clock> Plain<'a, S, C> {
    /// A plain trainer reading `input` and writing `out`.
    pub fn new(
        trainer: &'a mut Trainer<S>,
        input: &'a mut dyn BufRead,
        out: &'a mut dyn Write,
        clock: &'a C,
    ) -> Self {
        Plain {
            trainer,
            input,
            out,
            clock,
        }
    }

    /// Reads one answer, trimmed; `None` at the end of input.
    fn ask(&mut self, prompt: &str) -> io::Result<Option<String>> {
        writeln!(self.out, "{prompt}")?;
        loop {
            self.out.flush()?;
            let mut line = Vec::new();
            if self.input.read_until(b'\n', &mut line)? == 0 {
                return Ok(None);
            }
            match String::from_utf8(line) {
                Ok(line) => return Ok(Some(line.trim().to_string())),
                // A stray byte (a terminal set to another encoding, a pasted symbol) is
                // answered, not taken as the end of the session.
                Err(_) => writeln!(
                    self.out,
                    "canteen could not read that answer: it is not UTF-8 text. Type it again using letters and numbers."
                )?,
            }
        }
    }

    /// Runs until the learner quits or the input ends.
    pub fn run(&mut self) -> io::Result<()> {
        writeln!(self.out, "canteen: {TAGLINE}")?;
        writeln!(
            self.out,
            "Plain mode has no time limits: take as long as you need over every decision."
        )?;
        if let Err(e) = self.trainer.can_save() {
            writeln!(
                self.out,
                "canteen cannot save your records: {e}. You can still play, but no choice or result will be kept until this is put right."
            )?;
        }
        let learner = self.trainer.learner().map_err(io::Error::other)?;
        if !learner.asked && self.trainer.can_save().is_ok() {
            self.ask_name()?;
        }
        loop {
            let playable = self.trainer.playable();
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
        self.trainer
            .write(&Record::SetLearner(name))
            .map_err(not_saved)
    }

    fn list(&mut self, playable: &[Arc<Scenario>]) -> io::Result<()> {
        writeln!(self.out)?;
        writeln!(self.out, "Scenarios:")?;
        let statuses = self.trainer.statuses().map_err(io::Error::other)?;
        let catalogue = &self.trainer.library().catalogue;
        for (i, s) in playable.iter().enumerate() {
            let roles: Vec<_> = s
                .meta()
                .roles
                .iter()
                .map(|r| catalogue.role_name(r))
                .collect();
            writeln!(
                self.out,
                "{:>3}. {} (for {}; {} min) - {}",
                i + 1,
                s.meta().title,
                roles.join(", "),
                s.meta().minutes,
                statuses.of(&s.meta().id).word()
            )?;
        }
        for e in self
            .trainer
            .entries()
            .iter()
            .filter(|e| e.scenario.is_none())
        {
            writeln!(
                self.out,
                "     unavailable: {} (`canteen validate` explains why)",
                e.file
            )?;
        }
        Ok(())
    }

    /// Plays one scenario; false when the input ended.
    fn play(&mut self, scenario: Arc<Scenario>) -> io::Result<bool> {
        let now = self.clock.now();
        let saved = self
            .trainer
            .statuses()
            .map_err(io::Error::other)?
            .saved(&scenario.meta().id)
            .map(|p| p.steps.len());
        let mut attempt = match saved {
            Some(made) => {
                let answer = self.ask(&format!(
                    "You have an attempt in progress ({made} decisions made). Type c to carry on or s to start again:"
                ))?;
                match answer.as_deref() {
                    None => return Ok(false),
                    Some("s") => {
                        let id = scenario.meta().id.clone();
                        self.trainer
                            .write(&Record::ClearProgress(id))
                            .map_err(not_saved)?;
                        self.trainer.start(Arc::clone(&scenario), self.clock.now())
                    }
                    Some(_) => match self
                        .trainer
                        .resume(&scenario, self.clock.now())
                        .map_err(io::Error::other)?
                    {
                        Some((attempt, gap)) => {
                            if let Some(gap) = gap {
                                writeln!(
                                    self.out,
                                    "This scenario has changed since you saved: at decision {}, {}. You carry on from there.",
                                    gap.step, gap.reason
                                )?;
                            }
                            attempt
                        }
                        None => self.trainer.start(Arc::clone(&scenario), now),
                    },
                }
            }
            None => self.trainer.start(Arc::clone(&scenario), now),
        };
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

    /// One decision; false when the input ended.
    fn decide(&mut self, attempt: &mut Attempt) -> io::Result<bool> {
        let s = Arc::clone(attempt.session.scenario());
        let Some(scene) = attempt.session.scene().cloned() else {
            return Ok(true);
        };
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
        let step = match self
            .trainer
            .take_turn(attempt, choice.as_deref(), self.clock.now())
        {
            Ok(step) => step,
            Err(TurnError::Play(e)) => return Err(io::Error::other(e.to_string())),
            Err(TurnError::NotSaved(e)) => return Err(not_saved(e)),
            Err(TurnError::Unsaved { step, not_saved }) => {
                writeln!(
                    self.out,
                    "Not saved: {not_saved}. canteen will try again at your next choice; play on."
                )?;
                *step
            }
        };
        let c = s.choice(step.choice);
        writeln!(self.out)?;
        if step.timed_out {
            writeln!(self.out, "Time ran out: {}", c.text)?;
        } else {
            writeln!(self.out, "You chose: {}", c.text)?;
        }
        if c.critical {
            writeln!(self.out, "{CRITICAL}")?;
        }
        if let Some(v) = c.verdict {
            writeln!(self.out, "Verdict: {}.", v.words())?;
        }
        writeln!(self.out, "{}", reflow(&c.feedback))?;
        for p in touched(&s, c, None) {
            let source = p
                .source
                .as_ref()
                .map(|x| format!(" Source: {x}."))
                .unwrap_or_default();
            writeln!(
                self.out,
                "  {}: {} ({:+}). {}{source}",
                p.word(),
                p.name,
                p.points,
                p.description
            )?;
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
        if let Some(list) = crate::service::checklist(session, None) {
            writeln!(self.out)?;
            write!(self.out, "{}", list.to_text())?;
            writeln!(
                self.out,
                "(`canteen checklist {} --markdown` saves it as Markdown.)",
                s.meta().id
            )?;
        }
        writeln!(
            self.out,
            "Your attempt is saved in {}.",
            self.trainer.location()
        )?;
        Ok(())
    }
}

/// Prose with the source file's line breaks joined: one line per paragraph, paragraphs apart.
fn reflow(text: &str) -> String {
    crate::format::prose::paragraphs(text)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
