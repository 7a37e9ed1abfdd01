//! Learners in one store: the terminal's one learner (`local`) and, behind `canteen serve`,
//! every member of staff who signs in, each known by a key (their single sign-on identity or
//! invited email address) and never by a password.

use super::database::{DbError, Row, values};
use super::store::{LOCAL, LearnerId, Store, StoreError};

/// A learner known to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub id: LearnerId,
    /// Their identity: `local`, an email address, or the sign-on proxy's user name.
    pub key: String,
    /// The name or staff number they gave.
    pub name: String,
    /// Their role id from roles.ron, or blank when not known.
    pub role: String,
}

fn known(r: &Row) -> Result<Known, DbError> {
    Ok(Known {
        id: r.int(0)?,
        key: r.text(1)?,
        name: r.text(2)?,
        role: r.text(3)?,
    })
}

impl Store {
    /// The learner with this key, added (with `name`, if they have not given one) when new.
    pub fn learner_for(&self, key: &str, name: &str) -> Result<LearnerId, StoreError> {
        let key = key.trim();
        let now = jiff::Timestamp::now().to_string();
        self.db
            .execute(
                "INSERT INTO learners (key, name, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (key) DO NOTHING",
                values![key, name.trim(), now],
            )
            .and_then(|_| {
                self.db
                    .query_one("SELECT id FROM learners WHERE key = $1", values![key])
            })
            .and_then(|r| r.int(0))
            .map_err(|e| self.sql(e))
    }

    /// The learner with this id, if there is one.
    pub fn known(&self, id: LearnerId) -> Result<Option<Known>, StoreError> {
        self.db
            .query_opt(
                "SELECT id, key, name, role FROM learners WHERE id = $1",
                values![id],
            )
            .and_then(|r| r.as_ref().map(known).transpose())
            .map_err(|e| self.sql(e))
    }

    /// Every learner, in the order they were added.
    pub fn learners(&self) -> Result<Vec<Known>, StoreError> {
        self.db
            .query("SELECT id, key, name, role FROM learners ORDER BY id", &[])
            .and_then(|rows| rows.iter().map(known).collect())
            .map_err(|e| self.sql(e))
    }

    /// Sets a learner's role (a role id from roles.ron; blank for not known).
    pub fn set_role(&self, id: LearnerId, role: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE learners SET role = $1 WHERE id = $2",
                values![role.trim(), id],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// For every learner and scenario with a passed attempt, when it was last passed: what
    /// the compliance view reads, by learner id and scenario id.
    pub fn last_passes(&self) -> Result<Vec<(LearnerId, String, String)>, StoreError> {
        self.db
            .query(
                "SELECT learner_id, scenario_id, max(finished_at) FROM attempts
                 WHERE passed = 1 GROUP BY learner_id, scenario_id",
                &[],
            )
            .and_then(|rows| {
                rows.iter()
                    .map(|r| Ok((r.int(0)?, r.text(1)?, r.text(2)?)))
                    .collect()
            })
            .map_err(|e| self.sql(e))
    }

    /// Every learner's finished attempts, oldest first: what a manager's report reads. Works
    /// on a file of any schema version, so a read-only store of an older canteen's records
    /// (never migrated) reads too. A record that cannot be read is an error naming its row, as
    /// a damaged line of an exported file is: a report is not made from part of the records.
    pub fn every_attempt(&self) -> Result<Vec<crate::records::AttemptRecord>, StoreError> {
        let mut read = Vec::new();
        self.each_attempt(&mut |r| read.push(r))?;
        Ok(read)
    }

    /// Every learner's finished attempts, oldest first, one at a time, so a report over a
    /// large store holds none of them. Stops at the first record that cannot be read, naming
    /// its row, as `every_attempt` does; returns how many were read.
    pub fn each_attempt(
        &self,
        f: &mut dyn FnMut(crate::records::AttemptRecord),
    ) -> Result<usize, StoreError> {
        let mut n = 0;
        let mut bad = None;
        self.each_attempt_read(None, &mut |r| match r {
            Ok(record) => {
                f(record);
                n += 1;
                true
            }
            Err(u) => {
                bad = Some(u);
                false
            }
        })?;
        match bad {
            None => Ok(n),
            Some(u) => Err(StoreError::Unreadable {
                path: self.path().to_path_buf(),
                reason: format!(
                    "attempt {} in row {}: {}",
                    crate::format::harmless::harmless(&u.attempt_id),
                    u.row,
                    u.reason
                ),
            }),
        }
    }

    /// This store seen as one learner's: every learner-scoped read and write (name, progress,
    /// attempts, statuses) is that learner's until the view is dropped.
    pub fn scoped(&mut self, learner: LearnerId) -> Scoped<'_> {
        self.learner = learner;
        Scoped { store: self }
    }
}

/// One learner's view of a shared store; see [`Store::scoped`].
#[derive(Debug)]
pub struct Scoped<'s> {
    store: &'s mut Store,
}

impl Scoped<'_> {
    /// The store, as this learner's.
    pub fn store(&self) -> &Store {
        self.store
    }

    /// The store, as this learner's, for writing.
    pub fn store_mut(&mut self) -> &mut Store {
        self.store
    }
}

impl Drop for Scoped<'_> {
    fn drop(&mut self) {
        self.store.learner = LOCAL;
    }
}
