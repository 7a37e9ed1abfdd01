//! The record store: one SQLite file holding the learner's name, progress and attempts.
//!
//! Every write is one transaction, so a crash leaves either the old record or the new one,
//! never half of one. The file is marked with an application id; a file that is not a
//! database, or is some other program's, is reported and left alone.
//!
//! Several canteens may open one records file at once (a shared folder, two terminals): each
//! waits up to [`BUSY_TIMEOUT`] for the others' writes, and a new file's schema is made inside
//! an immediate (write-locked) transaction, so exactly one of them makes it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use thiserror::Error;

use super::attempt::{AttemptRecord, Progress};
pub use super::schema::{APPLICATION_ID, SCHEMA_VERSION};
use super::schema::{MIGRATIONS, SCHEMA, upgrade};

/// Why the record store cannot be used.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "the records file {path} is damaged ({reason}). Nothing has been changed. \
         Run `canteen records --move-aside` to keep it under a new name and start afresh, \
         or use --data-dir to keep records elsewhere"
    )]
    Damaged { path: PathBuf, reason: String },
    #[error(
        "{path} is not a canteen records file (it belongs to another program). Nothing has been \
         changed. Use --data-dir to keep canteen's records in another folder, or run \
         `canteen records --move-aside` to move the file out of the way"
    )]
    Foreign { path: PathBuf },
    #[error(
        "the records file {path} was written by a newer canteen (schema {found}, this one reads \
         {SCHEMA_VERSION}). Nothing has been changed: update canteen, or use --data-dir"
    )]
    Newer { path: PathBuf, found: i32 },
    #[error(
        "cannot create the records folder {path}: {}",
        folder_in_words(path, source)
    )]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot move {path} aside: {source}")]
    MoveAside {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the records file {path} could not be used: {}",
        sqlite_in_words(source)
    )]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("a saved record in {path} could not be read ({reason}); it has been left as it is")]
    Unreadable { path: PathBuf, reason: String },
}

/// Why a records folder could not be made, in words that say what to do.
fn folder_in_words(path: &Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    // The folder, or a folder on the way to it, may be a file.
    let blocked = path
        .ancestors()
        .find(|a| a.exists())
        .filter(|a| !a.is_dir());
    if let Some(file) = blocked {
        return format!(
            "{} is a file, not a folder: give --data-dir a folder (it is made if it does not exist)",
            file.display()
        );
    }
    match e.kind() {
        ErrorKind::PermissionDenied => {
            "permission denied: you cannot make folders there; use --data-dir to keep records in a folder of your own".into()
        }
        ErrorKind::ReadOnlyFilesystem => {
            "the drive is read-only; use --data-dir to keep records on a drive you can write to".into()
        }
        ErrorKind::StorageFull => "the disk is full; free some space, or use --data-dir".into(),
        _ => format!("{e}; use --data-dir to keep records elsewhere"),
    }
}

/// What went wrong with the records database, in words that say what to do.
fn sqlite_in_words(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => "it is read-only (the file, or the drive it is on): canteen can read it but cannot save to it; use --data-dir to keep records where you can write".into(),
        Some(ErrorCode::CannotOpen) => "it cannot be opened: you may not have permission to write in its folder, or the folder has gone; use --data-dir to keep records in a folder of your own".into(),
        Some(ErrorCode::PermissionDenied) => "permission denied: ask whoever looks after this computer, or use --data-dir".into(),
        Some(ErrorCode::DiskFull) => "the disk is full, so nothing more could be saved; free some space and try again".into(),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => "another canteen held it for too long; try again in a moment".into(),
        _ => e.to_string(),
    }
}

/// The learner's optional name or staff number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Learner {
    pub name: String,
    /// True once the learner has been asked (and may have left it blank).
    pub asked: bool,
    /// True when the learner has turned time limits off: timed decisions wait for them.
    pub untimed: bool,
}

/// A scenario's status for the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioStatus {
    New,
    InProgress,
    Passed { best: u32 },
    Failed { best: u32 },
}

/// A learner's row in the store.
pub type LearnerId = i64;

/// The learner of a terminal store, and of every store made before there were many.
pub const LOCAL: LearnerId = 1;

/// A stored attempt whose record cannot be read: left where it is and reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableRecord {
    /// Its row in the attempts table.
    pub row: i64,
    pub attempt_id: String,
    /// What is wrong with it.
    pub reason: String,
}

/// What storing a finished attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// It is stored.
    New,
    /// The very same record was stored before (a retried save): nothing changed.
    Already,
    /// A different finish of the same attempt was stored before (the attempt was carried on in
    /// two windows): this one is kept as well, under a new id.
    AsAnother { attempt_id: String },
}

fn insert_attempt(
    tx: &Transaction<'_>,
    learner: LearnerId,
    record: &AttemptRecord,
    body: &str,
) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO attempts (attempt_id, learner_id, scenario_id, finished_at, passed, overall, scoring, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            record.attempt_id,
            learner,
            record.scenario_id,
            record.finished_at.to_string(),
            record.passed,
            record.overall,
            record.scoring,
            body
        ],
    )
}

/// How long a canteen waits for another one's write to the same records file before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open record store.
#[derive(Debug)]
pub struct Store {
    pub(super) conn: Connection,
    path: PathBuf,
    /// The learner whose name, progress and attempts the learner-scoped methods read and write:
    /// [`LOCAL`] unless a [`Scoped`] view has chosen another.
    pub(super) learner: LearnerId,
}

impl Store {
    /// Opens (or creates) the records database at `path`, creating its folder.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let sql = |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            learner: LOCAL,
        };
        store.check_and_migrate()?;
        Ok(store)
    }

    /// Opens an existing records database only to read it: nothing is created or migrated, so
    /// a manager's report never changes a learner's file.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let sql = |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            learner: LOCAL,
        };
        store.check(false)?;
        Ok(store)
    }

    /// An in-memory store, for tests and previews.
    pub fn in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Sqlite {
            path: PathBuf::from(":memory:"),
            source,
        })?;
        let store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            learner: LOCAL,
        };
        store.check_and_migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn classify(&self, source: rusqlite::Error) -> StoreError {
        let path = self.path.clone();
        match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
                StoreError::Damaged {
                    path,
                    reason: "it is not a readable SQLite database".into(),
                }
            }
            _ => StoreError::Sqlite { path, source },
        }
    }

    fn check_and_migrate(&self) -> Result<(), StoreError> {
        self.check(true)
    }

    /// Checks the file is a readable canteen database; creates the schema in an empty file and
    /// migrates an older one when `write` is true.
    fn check(&self, write: bool) -> Result<(), StoreError> {
        let (mut app, mut version, tables) = self.marks()?;
        // A file not yet marked as canteen's may be one another canteen is making this moment
        // (and the marks above are three reads, so they can straddle its commit): look again
        // holding the write lock before making the schema or calling the file foreign.
        if write && (app != APPLICATION_ID || tables == 0) {
            // A new file: look again holding the write lock, so that of two canteens opening a
            // new folder at once, one makes the schema and the other waits, then finds it made.
            // An existing file is only read here, so a records file on a read-only share opens.
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
                .map_err(|e| self.classify(e))?;
            let marks = self.marks()?;
            if marks == (0, 0, 0) {
                let init = format!(
                    "{SCHEMA}\n{}\nPRAGMA application_id = {APPLICATION_ID};\nPRAGMA user_version = {SCHEMA_VERSION};",
                    MIGRATIONS.concat()
                );
                tx.execute_batch(&init).map_err(|e| self.classify(e))?;
                return tx.commit().map_err(|e| self.classify(e));
            }
            // Another canteen made it first: check what it made, like any existing file.
            tx.rollback().map_err(|e| self.classify(e))?;
            (app, version) = (marks.0, marks.1);
        }
        if app != APPLICATION_ID {
            return Err(StoreError::Foreign {
                path: self.path.clone(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.path.clone(),
                found: version,
            });
        }
        let check: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        if check != "ok" {
            return Err(StoreError::Damaged {
                path: self.path.clone(),
                reason: check,
            });
        }
        if write && version < SCHEMA_VERSION {
            upgrade(&self.conn).map_err(|e| self.classify(e))?;
        }
        Ok(())
    }

    /// The file's application id, schema version and number of schema objects.
    fn marks(&self) -> Result<(i32, i32, i64), StoreError> {
        let pragma = |name: &str| -> Result<i32, StoreError> {
            self.conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .map_err(|e| self.classify(e))
        };
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        Ok((pragma("application_id")?, pragma("user_version")?, tables))
    }

    /// A SQLite error on this store, classified (damaged file or other failure).
    pub(super) fn sql(&self, source: rusqlite::Error) -> StoreError {
        self.classify(source)
    }

    pub(super) fn unreadable(&self, e: serde_json::Error) -> StoreError {
        StoreError::Unreadable {
            path: self.path.clone(),
            reason: e.to_string(),
        }
    }

    /// The learner's name or staff number.
    pub fn learner(&self) -> Result<Learner, StoreError> {
        self.conn
            .query_row(
                "SELECT name, asked, untimed FROM learners WHERE id = ?1",
                params![self.learner],
                |r| {
                    Ok(Learner {
                        name: r.get(0)?,
                        asked: r.get::<_, i64>(1)? != 0,
                        untimed: r.get::<_, i64>(2)? != 0,
                    })
                },
            )
            .map_err(|e| self.sql(e))
    }

    /// Turns time limits off (`untimed`) or on again for the learner.
    pub fn set_untimed(&self, untimed: bool) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE learners SET untimed = ?1 WHERE id = ?2",
                params![i64::from(untimed), self.learner],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// Sets the learner's name or staff number (blank to stay anonymous).
    pub fn set_learner(&self, name: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE learners SET name = ?1, asked = 1 WHERE id = ?2",
                params![name.trim(), self.learner],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// Saves progress, replacing any earlier save for the scenario.
    pub fn save_progress(&self, progress: &Progress) -> Result<(), StoreError> {
        let body = serde_json::to_string(progress).map_err(|e| self.unreadable(e))?;
        self.conn
            .execute(
                "INSERT INTO progress (learner_id, scenario_id, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (learner_id, scenario_id) DO UPDATE SET body = excluded.body",
                params![self.learner, progress.scenario_id, body],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// The saved progress for a scenario, if any.
    pub fn progress(&self, scenario_id: &str) -> Result<Option<Progress>, StoreError> {
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM progress WHERE learner_id = ?1 AND scenario_id = ?2",
                params![self.learner, scenario_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        let Some(body) = body else {
            return Ok(None);
        };
        match serde_json::from_str(&body) {
            Ok(progress) => Ok(Some(progress)),
            Err(e) => {
                // A damaged save must not make the scenario unplayable: it is set aside, kept
                // for whoever looks after the records, and the learner starts again. A store
                // opened read-only cannot move it, and reads it as no save.
                let _ = self.conn.execute(
                    "INSERT INTO set_aside (kind, learner_id, scenario_id, body, reason, set_aside_at)
                     VALUES ('progress', ?1, ?2, ?3, ?4, ?5)",
                    params![
                        self.learner,
                        scenario_id,
                        body,
                        e.to_string(),
                        jiff::Timestamp::now().to_string()
                    ],
                )
                .and_then(|_| {
                    self.conn.execute(
                        "DELETE FROM progress WHERE learner_id = ?1 AND scenario_id = ?2 AND body = ?3",
                        params![self.learner, scenario_id, body],
                    )
                });
                Ok(None)
            }
        }
    }

    /// The JSON bodies a query selects, in its order.
    fn bodies(&self, query: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(query).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map(params![self.learner], |r| r.get(0))
            .map_err(|e| self.sql(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))
    }

    /// Every saved progress, by scenario id.
    pub fn all_progress(&self) -> Result<Vec<Progress>, StoreError> {
        let bodies =
            self.bodies("SELECT body FROM progress WHERE learner_id = ?1 ORDER BY scenario_id")?;
        // A save that cannot be read is skipped, not deleted: the learner can still play.
        Ok(bodies
            .iter()
            .filter_map(|b| serde_json::from_str(b).ok())
            .collect())
    }

    /// For every scenario with a completed attempt: whether any passed, and the best score.
    pub fn best_results(&self) -> Result<Vec<(String, bool, u32)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT scenario_id, max(passed), max(overall) FROM attempts
                 WHERE learner_id = ?1 GROUP BY scenario_id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map(params![self.learner], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|e| self.sql(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.sql(e))?;
        Ok(rows)
    }

    /// Forgets the saved progress for a scenario (the learner chose to start again).
    pub fn clear_progress(&self, scenario_id: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "DELETE FROM progress WHERE learner_id = ?1 AND scenario_id = ?2",
                params![self.learner, scenario_id],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// Stores a finished attempt and clears its progress, in one transaction.
    ///
    /// Storing the same record again changes nothing (a retried save). A different finish of
    /// an attempt already stored (one saved attempt carried on in two windows) is kept too,
    /// under an id derived from both, and said so: no finished attempt is ever dropped. Only
    /// the progress of this attempt is cleared, so a newer attempt begun elsewhere is kept.
    pub fn record_attempt(&mut self, record: &AttemptRecord) -> Result<Stored, StoreError> {
        let body = serde_json::to_string(record).map_err(|e| self.unreadable(e))?;
        let path = self.path.clone();
        let learner = self.learner;
        let sql = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sql)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT body FROM attempts WHERE attempt_id = ?1",
                params![record.attempt_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        let stored = match existing {
            Some(b) if b == body => Stored::Already,
            Some(_) => {
                let id = uuid::Uuid::new_v5(
                    &uuid::Uuid::parse_str(&record.attempt_id).unwrap_or(uuid::Uuid::nil()),
                    body.as_bytes(),
                )
                .to_string();
                let mut second = record.clone();
                second.attempt_id = id.clone();
                let body = serde_json::to_string(&second).map_err(|e| StoreError::Unreadable {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
                let kept: bool = tx
                    .query_row(
                        "SELECT count(*) > 0 FROM attempts WHERE attempt_id = ?1",
                        params![id],
                        |r| r.get(0),
                    )
                    .map_err(sql)?;
                if kept {
                    // This second finish was stored before: a retried save.
                    Stored::Already
                } else {
                    insert_attempt(&tx, learner, &second, &body).map_err(sql)?;
                    Stored::AsAnother { attempt_id: id }
                }
            }
            None => {
                insert_attempt(&tx, learner, record, &body).map_err(sql)?;
                Stored::New
            }
        };
        tx.execute(
            "DELETE FROM progress WHERE learner_id = ?1 AND scenario_id = ?2
             AND json_extract(body, '$.attempt_id') = ?3",
            params![learner, record.scenario_id, record.attempt_id],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(stored)
    }

    /// Whether the store would take a write now: takes the write lock and lets it go, which
    /// a read-only file or drive refuses. Nothing is written.
    pub fn can_save(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
            .map_err(|e| self.sql(e))
    }

    /// Every completed attempt that can be read, oldest first; see [`Store::attempts_read`]
    /// for the ones that cannot.
    pub fn attempts(&self) -> Result<Vec<AttemptRecord>, StoreError> {
        Ok(self.attempts_read()?.0)
    }

    /// Every completed attempt, oldest first, and apart from them any that cannot be read (a
    /// damaged row): one damaged record never hides the others, and none is deleted.
    pub fn attempts_read(&self) -> Result<(Vec<AttemptRecord>, Vec<UnreadableRecord>), StoreError> {
        self.read_attempts(Some(self.learner))
    }

    /// The attempts of one learner (or of every learner), oldest first, and apart from them
    /// those whose record cannot be read.
    pub(super) fn read_attempts(
        &self,
        learner: Option<LearnerId>,
    ) -> Result<(Vec<AttemptRecord>, Vec<UnreadableRecord>), StoreError> {
        let sql = match learner {
            Some(_) => {
                "SELECT rowid, attempt_id, body FROM attempts WHERE learner_id = ?1
                        ORDER BY finished_at, attempt_id"
            }
            None => "SELECT rowid, attempt_id, body FROM attempts ORDER BY finished_at, attempt_id",
        };
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql(e))?;
        let row = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
        let rows: Vec<(i64, String, String)> = match learner {
            Some(id) => stmt.query_map(params![id], row),
            None => stmt.query_map([], row),
        }
        .map_err(|e| self.sql(e))?
        .collect::<Result<_, _>>()
        .map_err(|e| self.sql(e))?;
        let mut read = Vec::with_capacity(rows.len());
        let mut unreadable = Vec::new();
        for (row, attempt_id, body) in rows {
            match serde_json::from_str(&body) {
                Ok(record) => read.push(record),
                Err(e) => unreadable.push(UnreadableRecord {
                    row,
                    attempt_id,
                    reason: e.to_string(),
                }),
            }
        }
        Ok((read, unreadable))
    }

    /// A scenario's status: in progress, else passed or failed with the best score, else new.
    pub fn status(&self, scenario_id: &str) -> Result<ScenarioStatus, StoreError> {
        let in_progress: bool = self
            .conn
            .query_row(
                "SELECT count(*) > 0 FROM progress WHERE learner_id = ?1 AND scenario_id = ?2",
                params![self.learner, scenario_id],
                |r| r.get(0),
            )
            .map_err(|e| self.sql(e))?;
        let best: Option<(bool, u32)> = self
            .conn
            .query_row(
                "SELECT max(passed), max(overall) FROM attempts
                 WHERE learner_id = ?1 AND scenario_id = ?2 HAVING count(*) > 0",
                params![self.learner, scenario_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(match (in_progress, best) {
            (true, _) => ScenarioStatus::InProgress,
            (false, Some((true, best))) => ScenarioStatus::Passed { best },
            (false, Some((false, best))) => ScenarioStatus::Failed { best },
            (false, None) => ScenarioStatus::New,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: std::ffi::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn store_errors_say_which_case_it_is() {
        let read_only = sqlite_in_words(&failure(rusqlite::ffi::SQLITE_READONLY));
        assert!(read_only.contains("read-only"), "{read_only}");
        let cannot_open = sqlite_in_words(&failure(rusqlite::ffi::SQLITE_CANTOPEN));
        assert!(cannot_open.contains("permission"), "{cannot_open}");
        let full = sqlite_in_words(&failure(rusqlite::ffi::SQLITE_FULL));
        assert!(full.contains("disk is full"), "{full}");
    }

    #[test]
    fn a_data_folder_that_is_a_file_is_called_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("records");
        std::fs::write(&file, "").unwrap();
        let Err(e) = Store::open(&file.join("canteen.db")) else {
            panic!("a file is no folder");
        };
        let said = e.to_string();
        assert!(
            said.contains("is a file, not a folder: give --data-dir a folder"),
            "{said}"
        );
    }
}
