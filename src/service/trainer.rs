//! The trainer service: a library of scenarios and a record store, driven by every
//! learner-facing shell. It lists scenarios with the learner's status, starts and resumes
//! attempts, and writes what each turn produces, so a shell only translates input and output.

use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::attempt::Attempt;
use super::clock::Moment;
use super::record::Record;
use super::statuses::{Entry, Statuses, entries};
use super::store::RecordStore;
use crate::engine::{ReplayGap, Scenario};
use crate::library::Library;
use crate::records::{Learner, StoreError};

/// A record that could not be written, and what that means for the learner.
#[derive(Debug, thiserror::Error)]
#[error("{what} could not be saved: {source}")]
pub struct NotSaved {
    /// What was not saved, in the learner's words.
    pub what: &'static str,
    pub source: StoreError,
}

/// The trainer over a library and a record store.
pub struct Trainer<S: RecordStore> {
    library: Arc<Library>,
    entries: Arc<[Entry]>,
    store: S,
    rng: ChaCha8Rng,
    /// Records that could not be written, kept in memory and tried again before every later
    /// write, so a store that comes back (a network drive reconnecting, space freed) gets
    /// them all, in order.
    unsaved: Vec<Record>,
}

impl<S: RecordStore> Trainer<S> {
    /// A trainer; `seed` drives attempt seeds and ids, so a seeded run is repeatable.
    pub fn new(library: Library, store: S, seed: u64) -> Trainer<S> {
        let entries = entries(&library).into();
        Trainer::sharing(Arc::new(library), entries, store, seed)
    }

    /// A trainer over a library (and its list) that other trainers share: a server makes one
    /// per request, for the learner signed in, at the cost of two reference counts.
    pub fn sharing(
        library: Arc<Library>,
        entries: Arc<[Entry]>,
        store: S,
        seed: u64,
    ) -> Trainer<S> {
        Trainer {
            library,
            entries,
            store,
            rng: ChaCha8Rng::seed_from_u64(seed),
            unsaved: Vec::new(),
        }
    }

    /// The library played.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Every file of the library, playable or not, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The playable scenarios, in order.
    pub fn playable(&self) -> Vec<Arc<Scenario>> {
        self.library.scenarios().cloned().collect()
    }

    /// The record store, for shells and tests that read it directly.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The record store, for shells and tests that need it directly.
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// Where records are kept, in words for the learner.
    pub fn location(&self) -> String {
        self.store.location()
    }

    /// The learner's name or staff number, and whether they have been asked.
    pub fn learner(&self) -> Result<Learner, StoreError> {
        self.store.learner()
    }

    /// The learner's status on every scenario, as the store holds it now.
    pub fn statuses(&self) -> Result<Statuses, StoreError> {
        Ok(Statuses::new(
            self.store.all_progress()?,
            self.store.best_results()?,
        ))
    }

    /// Whether the store would save a choice now; a shell asks before the learner plays, so a
    /// read-only records file is said at once, not after a choice is lost.
    pub fn can_save(&self) -> Result<(), StoreError> {
        self.store.can_save()
    }

    /// Starts a new attempt at a scenario.
    pub fn start(&mut self, scenario: Arc<Scenario>, at: Moment) -> Attempt {
        Attempt::begin(scenario, &mut self.rng, at)
    }

    /// Resumes the saved attempt at a scenario, if there is one; says what of it could not
    /// be kept when the scenario has changed since.
    pub fn resume(
        &mut self,
        scenario: &Arc<Scenario>,
        at: Moment,
    ) -> Result<Option<(Attempt, Option<ReplayGap>)>, StoreError> {
        let Some(progress) = self.store.progress(&scenario.meta().id)? else {
            return Ok(None);
        };
        let (mut attempt, gap) = Attempt::resume(Arc::clone(scenario), progress);
        attempt.seen(at.mono);
        Ok(Some((attempt, gap)))
    }

    /// Writes one record as one transaction.
    ///
    /// Anything not saved before is tried again first. A record that cannot be written is
    /// kept in memory to try again (a newer save of a scenario's progress replaces an older
    /// one), and the error says what was not saved.
    pub fn write(&mut self, record: &Record) -> Result<(), NotSaved> {
        while let Some(first) = self.unsaved.first().cloned() {
            if let Err(source) = self.write_now(&first) {
                self.keep(record);
                return Err(NotSaved {
                    what: record.what(),
                    source,
                });
            }
            self.unsaved.remove(0);
        }
        self.write_now(record).map_err(|source| {
            self.keep(record);
            NotSaved {
                what: record.what(),
                source,
            }
        })
    }

    /// How many records are waiting to be saved.
    pub fn unsaved(&self) -> usize {
        self.unsaved.len()
    }

    fn keep(&mut self, record: &Record) {
        // A newer save of a scenario's progress, or the attempt's finish, makes an older save
        // of that progress needless.
        let replaces = |r: &Record| match (record, r) {
            (Record::SaveProgress(p), Record::SaveProgress(q)) => q.scenario_id == p.scenario_id,
            (Record::RecordAttempt(a), Record::SaveProgress(q)) => q.attempt_id == a.attempt_id,
            _ => false,
        };
        self.unsaved.retain(|r| !replaces(r));
        self.unsaved.push(record.clone());
    }

    fn write_now(&mut self, record: &Record) -> Result<(), StoreError> {
        match record {
            Record::SaveProgress(p) => self.store.save_progress(p),
            Record::RecordAttempt(r) => self.store.record_attempt(r),
            Record::ClearProgress(id) => self.store.clear_progress(id),
            Record::SetLearner(name) => self.store.set_learner(name),
            Record::SetUntimed(untimed) => self.store.set_untimed(*untimed),
        }
    }

    /// Takes a turn in an attempt and writes what it produced before returning, so a shell
    /// acknowledges only a choice that is stored.
    pub fn take_turn(
        &mut self,
        attempt: &mut Attempt,
        choice: Option<&str>,
        at: Moment,
    ) -> Result<crate::engine::Step, TurnError> {
        let learner = self.store.learner().map_err(|source| {
            TurnError::NotSaved(NotSaved {
                what: "your choice",
                source,
            })
        })?;
        let (step, record) = attempt
            .take_turn(choice, at, &learner.name)
            .map_err(TurnError::Play)?;
        match self.write(&record) {
            Ok(()) => Ok(step),
            Err(not_saved) => Err(TurnError::Unsaved {
                step: Box::new(step),
                not_saved,
            }),
        }
    }
}

/// Why a turn did not complete.
#[derive(Debug, thiserror::Error)]
pub enum TurnError {
    /// The choice is not offered now (the engine's rules refused it).
    #[error(transparent)]
    Play(crate::engine::PlayError),
    /// The learner's records could not be read, so the turn was not taken.
    #[error(transparent)]
    NotSaved(NotSaved),
    /// The turn was taken (the attempt has moved on) but its record could not be written
    /// yet; the trainer keeps it and tries again at the next write.
    #[error("{not_saved}")]
    Unsaved {
        step: Box<crate::engine::Step>,
        not_saved: NotSaved,
    },
}
