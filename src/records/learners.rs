//! Learners in one store: the terminal's one learner (`local`) and, behind `canteen serve`,
//! every member of staff who signs in, each known by a key (their single sign-on identity or
//! invited email address) and never by a password.

use rusqlite::{OptionalExtension, params};

use super::store::{LOCAL, LearnerId, Store, StoreError};

/// A learner known to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub id: LearnerId,
    /// Their identity: `local`, an email address, or the sign-on proxy's user name.
    pub key: String,
    /// The name or staff number they gave.
    pub name: String,
}

impl Store {
    /// The learner with this key, added (with `name`, if they have not given one) when new.
    pub fn learner_for(&self, key: &str, name: &str) -> Result<LearnerId, StoreError> {
        let key = key.trim();
        let now = jiff::Timestamp::now().to_string();
        self.conn
            .execute(
                "INSERT INTO learners (key, name, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO NOTHING",
                params![key, name.trim(), now],
            )
            .map_err(|e| self.sql(e))?;
        self.conn
            .query_row(
                "SELECT id FROM learners WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .map_err(|e| self.sql(e))
    }

    /// The learner with this id, if there is one.
    pub fn known(&self, id: LearnerId) -> Result<Option<Known>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, key, name FROM learners WHERE id = ?1",
                params![id],
                |r| {
                    Ok(Known {
                        id: r.get(0)?,
                        key: r.get(1)?,
                        name: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sql(e))
    }

    /// Every learner, in the order they were added.
    pub fn learners(&self) -> Result<Vec<Known>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, key, name FROM learners ORDER BY id")
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Known {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    name: r.get(2)?,
                })
            })
            .map_err(|e| self.sql(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.sql(e))?;
        Ok(rows)
    }

    /// Every learner's finished attempts, oldest first: what a manager's report reads. Works
    /// on a file of any schema version, so a read-only store of an older canteen's records
    /// (never migrated) reads too. A record that cannot be read is an error naming its row, as
    /// a damaged line of an exported file is: a report is not made from part of the records.
    pub fn every_attempt(&self) -> Result<Vec<crate::records::AttemptRecord>, StoreError> {
        let (read, unreadable) = self.read_attempts(None)?;
        match unreadable.first() {
            None => Ok(read),
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

    /// Every learner's finished attempts, oldest first, one at a time, so a report over a
    /// large store holds none of them. Stops at the first record that cannot be read, naming
    /// its row, as `every_attempt` does.
    pub fn each_attempt(
        &self,
        f: &mut dyn FnMut(crate::records::AttemptRecord),
    ) -> Result<usize, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT rowid, attempt_id, body FROM attempts ORDER BY finished_at, attempt_id",
            )
            .map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            let row: i64 = r.get(0).map_err(|e| self.sql(e))?;
            let attempt_id: String = r.get(1).map_err(|e| self.sql(e))?;
            let body: String = r.get(2).map_err(|e| self.sql(e))?;
            match serde_json::from_str(&body) {
                Ok(record) => f(record),
                Err(e) => {
                    return Err(StoreError::Unreadable {
                        path: self.path().to_path_buf(),
                        reason: format!(
                            "attempt {} in row {row}: {e}",
                            crate::format::harmless::harmless(&attempt_id)
                        ),
                    });
                }
            }
            n += 1;
        }
        Ok(n)
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
