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

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use thiserror::Error;

use super::attempt::{AttemptRecord, Progress};
use super::database::{Database, DbError, Row, values};
pub use super::schema::{APPLICATION_ID, SCHEMA_VERSION};
use super::schema::{
    MIGRATIONS, POSTGRES_FIRST, POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SCHEMA, upgrade,
};

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
    #[error("the records database {place} could not be used: {reason}")]
    Postgres { place: String, reason: String },
    #[error(
        "the records database {place} already holds tables that are not canteen's. Nothing \
         has been changed: give canteen a database of its own (`createdb canteen`)"
    )]
    ForeignDatabase { place: String },
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
    db: &Database,
    learner: LearnerId,
    record: &AttemptRecord,
    body: &str,
) -> Result<u64, DbError> {
    db.execute(
        "INSERT INTO attempts (attempt_id, learner_id, scenario_id, finished_at, passed, overall, scoring, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        values![
            &record.attempt_id,
            learner,
            &record.scenario_id,
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
    pub(super) db: Database,
    path: PathBuf,
    /// The learner whose name, progress and attempts the learner-scoped methods read and write:
    /// [`LOCAL`] unless a [`Scoped`] view has chosen another.
    pub(super) learner: LearnerId,
}

/// Whether `spec` (a `--database` value) names a PostgreSQL server rather than a file.
pub fn is_server_url(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// A PostgreSQL URL with any password replaced, to name it in messages and logs.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, after) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split_once(':').map_or(user, |(u, _)| u);
            format!("{scheme}://{user}:…@{host}{after}")
        }
        None => url.to_string(),
    }
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
            db: Database::Sqlite(conn),
            path: path.to_path_buf(),
            learner: LOCAL,
        };
        store.check_and_migrate()?;
        Ok(store)
    }

    /// Connects to the records database on a PostgreSQL server (`postgres://user:password@host/db`),
    /// making canteen's tables in it when it has none, and bringing them up to date when an
    /// older canteen made them. Several `canteen serve` processes may share one.
    pub fn connect(url: &str) -> Result<Store, StoreError> {
        let place = without_password(url);
        let db = Database::connect(url).map_err(|e| StoreError::Postgres {
            place: place.clone(),
            reason: e.to_string(),
        })?;
        let store = Store {
            db,
            path: PathBuf::from(place),
            learner: LOCAL,
        };
        store.check_postgres()?;
        Ok(store)
    }

    /// Another connection to the same server, for a server's pool; none for a file.
    pub fn another(&self) -> Option<Result<Store, StoreError>> {
        Some(self.db.another()?.map_err(|e| self.sql(e)).map(|db| Store {
            db,
            path: self.path.clone(),
            learner: LOCAL,
        }))
    }

    /// Opens a file, or connects to a server when `spec` is a `postgres://` URL.
    pub fn open_database(spec: &str) -> Result<Store, StoreError> {
        if is_server_url(spec) {
            Store::connect(spec)
        } else {
            Store::open(Path::new(spec))
        }
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
            db: Database::Sqlite(conn),
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
            db: Database::Sqlite(conn),
            path: PathBuf::from(":memory:"),
            learner: LOCAL,
        };
        store.check_and_migrate()?;
        Ok(store)
    }

    /// The database file, or the server's URL without its password.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the records are on a PostgreSQL server.
    pub fn is_shared_server(&self) -> bool {
        matches!(self.db, Database::Postgres(_))
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

    /// The SQLite connection: every store but a server's has one.
    fn file(&self) -> Result<&Connection, StoreError> {
        self.db.sqlite().ok_or_else(|| StoreError::Postgres {
            place: self.path.display().to_string(),
            reason: "this works on a records file only".into(),
        })
    }

    fn check_and_migrate(&self) -> Result<(), StoreError> {
        self.check(true)
    }

    /// Checks the file is a readable canteen database; creates the schema in an empty file and
    /// migrates an older one when `write` is true.
    fn check(&self, write: bool) -> Result<(), StoreError> {
        let conn = self.file()?;
        let (mut app, mut version, tables) = self.marks()?;
        // A file not yet marked as canteen's may be one another canteen is making this moment
        // (and the marks above are three reads, so they can straddle its commit): look again
        // holding the write lock before making the schema or calling the file foreign.
        if write && (app != APPLICATION_ID || tables == 0) {
            // A new file: look again holding the write lock, so that of two canteens opening a
            // new folder at once, one makes the schema and the other waits, then finds it made.
            // An existing file is only read here, so a records file on a read-only share opens.
            let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
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
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        if check != "ok" {
            return Err(StoreError::Damaged {
                path: self.path.clone(),
                reason: check,
            });
        }
        if write && version < SCHEMA_VERSION {
            upgrade(conn).map_err(|e| self.classify(e))?;
        }
        Ok(())
    }

    /// The file's application id, schema version and number of schema objects.
    fn marks(&self) -> Result<(i32, i32, i64), StoreError> {
        let conn = self.file()?;
        let pragma = |name: &str| -> Result<i32, StoreError> {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .map_err(|e| self.classify(e))
        };
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| self.classify(e))?;
        Ok((pragma("application_id")?, pragma("user_version")?, tables))
    }

    /// Makes canteen's tables on a server with none, migrates older ones, and refuses a
    /// database that holds some other program's tables or a newer canteen's. Servers starting
    /// together take turns (an advisory lock), so the schema is made once.
    fn check_postgres(&self) -> Result<(), StoreError> {
        /// "CANT", as the application id of a file.
        const LOCK: i64 = APPLICATION_ID as i64;
        self.write(|db| {
            let sql = |e| self.sql(e);
            db.execute("SELECT pg_advisory_xact_lock($1)", values![LOCK])
                .map_err(sql)?;
            let ours = db
                .query_one(
                    "SELECT count(*) FROM information_schema.tables
                     WHERE table_schema = current_schema() AND table_name = 'canteen_schema'",
                    &[],
                )
                .and_then(|r| r.int(0))
                .map_err(sql)?;
            if ours == 0 {
                let others = db
                    .query_one(
                        "SELECT count(*) FROM information_schema.tables
                         WHERE table_schema = current_schema()",
                        &[],
                    )
                    .and_then(|r| r.int(0))
                    .map_err(sql)?;
                if others > 0 {
                    return Err(StoreError::ForeignDatabase {
                        place: self.path.display().to_string(),
                    });
                }
                db.batch(POSTGRES_SCHEMA).map_err(sql)?;
                db.execute(
                    "INSERT INTO canteen_schema (id, version) VALUES (1, $1)",
                    values![i64::from(SCHEMA_VERSION)],
                )
                .map_err(sql)?;
                return Ok(());
            }
            let version = db
                .query_one("SELECT version FROM canteen_schema WHERE id = 1", &[])
                .and_then(|r| r.int(0))
                .map_err(sql)? as i32;
            if version > SCHEMA_VERSION {
                return Err(StoreError::Newer {
                    path: self.path.clone(),
                    found: version,
                });
            }
            for step in version.max(POSTGRES_FIRST)..SCHEMA_VERSION {
                db.batch(POSTGRES_MIGRATIONS[(step - POSTGRES_FIRST) as usize])
                    .map_err(sql)?;
            }
            db.execute(
                "UPDATE canteen_schema SET version = $1 WHERE id = 1",
                values![i64::from(SCHEMA_VERSION)],
            )
            .map_err(sql)?;
            Ok(())
        })
    }

    /// A database error on this store, in words: a damaged file, a server's answer, or a
    /// value of the wrong kind.
    pub(super) fn sql(&self, source: DbError) -> StoreError {
        match source {
            DbError::Sqlite(e) => self.classify(e),
            DbError::Postgres(e) | DbError::Interrupted(e) => StoreError::Postgres {
                place: self.path.display().to_string(),
                reason: super::database::postgres_in_words(&e),
            },
            e @ DbError::Column { .. } => StoreError::Unreadable {
                path: self.path.clone(),
                reason: e.to_string(),
            },
        }
    }

    /// Runs `work` as one transaction on this store: all kept, or none.
    pub(super) fn write<T>(
        &self,
        work: impl FnOnce(&Database) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.db.transaction_with(|e| self.sql(e), work)
    }

    pub(super) fn unreadable(&self, e: serde_json::Error) -> StoreError {
        StoreError::Unreadable {
            path: self.path.clone(),
            reason: e.to_string(),
        }
    }

    /// The learner's name or staff number.
    pub fn learner(&self) -> Result<Learner, StoreError> {
        let row = self
            .db
            .query_one(
                "SELECT name, asked, untimed FROM learners WHERE id = $1",
                values![self.learner],
            )
            .map_err(|e| self.sql(e))?;
        let read = |r: &Row| -> Result<Learner, DbError> {
            Ok(Learner {
                name: r.text(0)?,
                asked: r.flag(1)?,
                untimed: r.flag(2)?,
            })
        };
        read(&row).map_err(|e| self.sql(e))
    }

    /// Turns time limits off (`untimed`) or on again for the learner.
    pub fn set_untimed(&self, untimed: bool) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE learners SET untimed = $1 WHERE id = $2",
                values![untimed, self.learner],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// Sets the learner's name or staff number (blank to stay anonymous).
    pub fn set_learner(&self, name: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE learners SET name = $1, asked = 1 WHERE id = $2",
                values![name.trim(), self.learner],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// Saves progress, replacing any earlier save for the scenario.
    pub fn save_progress(&self, progress: &Progress) -> Result<(), StoreError> {
        let body = serde_json::to_string(progress).map_err(|e| self.unreadable(e))?;
        self.db
            .execute(
                "INSERT INTO progress (learner_id, scenario_id, body) VALUES ($1, $2, $3)
                 ON CONFLICT (learner_id, scenario_id) DO UPDATE SET body = excluded.body",
                values![self.learner, &progress.scenario_id, body],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// The saved progress for a scenario, if any.
    pub fn progress(&self, scenario_id: &str) -> Result<Option<Progress>, StoreError> {
        let body = self
            .db
            .query_opt(
                "SELECT body FROM progress WHERE learner_id = $1 AND scenario_id = $2",
                values![self.learner, scenario_id],
            )
            .and_then(|r| r.map(|r| r.text(0)).transpose())
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
                let _ = self.db.transaction(|db| {
                    db.execute(
                        "INSERT INTO set_aside (kind, learner_id, scenario_id, body, reason, set_aside_at)
                         VALUES ('progress', $1, $2, $3, $4, $5)",
                        values![
                            self.learner,
                            scenario_id,
                            &body,
                            e.to_string(),
                            jiff::Timestamp::now().to_string()
                        ],
                    )?;
                    db.execute(
                        "DELETE FROM progress WHERE learner_id = $1 AND scenario_id = $2 AND body = $3",
                        values![self.learner, scenario_id, &body],
                    )
                });
                Ok(None)
            }
        }
    }

    /// Every saved progress, by scenario id.
    pub fn all_progress(&self) -> Result<Vec<Progress>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT body FROM progress WHERE learner_id = $1 ORDER BY scenario_id",
                values![self.learner],
            )
            .map_err(|e| self.sql(e))?;
        // A save that cannot be read is skipped, not deleted: the learner can still play.
        Ok(rows
            .iter()
            .filter_map(|r| r.text(0).ok())
            .filter_map(|b| serde_json::from_str(&b).ok())
            .collect())
    }

    /// For every scenario with a completed attempt: whether any passed, and the best score.
    pub fn best_results(&self) -> Result<Vec<(String, bool, u32)>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT scenario_id, max(passed), max(overall) FROM attempts
                 WHERE learner_id = $1 GROUP BY scenario_id ORDER BY scenario_id",
                values![self.learner],
            )
            .map_err(|e| self.sql(e))?;
        rows.iter()
            .map(|r| Ok((r.text(0)?, r.flag(1)?, r.int(2)? as u32)))
            .collect::<Result<_, DbError>>()
            .map_err(|e| self.sql(e))
    }

    /// Forgets the saved progress for a scenario (the learner chose to start again).
    pub fn clear_progress(&self, scenario_id: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "DELETE FROM progress WHERE learner_id = $1 AND scenario_id = $2",
                values![self.learner, scenario_id],
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
        let learner = self.learner;
        self.write(|db| {
            let sql = |e| self.sql(e);
            let existing = db
                .query_opt(
                    "SELECT body FROM attempts WHERE attempt_id = $1",
                    values![&record.attempt_id],
                )
                .and_then(|r| r.map(|r| r.text(0)).transpose())
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
                    let body = serde_json::to_string(&second).map_err(|e| self.unreadable(e))?;
                    let kept = db
                        .query_one(
                            "SELECT count(*) FROM attempts WHERE attempt_id = $1",
                            values![&id],
                        )
                        .and_then(|r| r.flag(0))
                        .map_err(sql)?;
                    if kept {
                        // This second finish was stored before: a retried save.
                        Stored::Already
                    } else {
                        insert_attempt(db, learner, &second, &body).map_err(sql)?;
                        Stored::AsAnother { attempt_id: id }
                    }
                }
                None => {
                    insert_attempt(db, learner, record, &body).map_err(sql)?;
                    Stored::New
                }
            };
            // The progress is cleared only if it is this attempt's (read here, not by
            // the database's JSON functions, which SQLite and PostgreSQL spell apart).
            let saved = db
                .query_opt(
                    "SELECT body FROM progress WHERE learner_id = $1 AND scenario_id = $2",
                    values![learner, &record.scenario_id],
                )
                .and_then(|r| r.map(|r| r.text(0)).transpose())
                .map_err(sql)?;
            let this_attempt = saved.is_some_and(|b| {
                serde_json::from_str::<Progress>(&b)
                    .is_ok_and(|p| p.attempt_id == record.attempt_id)
            });
            if this_attempt {
                db.execute(
                    "DELETE FROM progress WHERE learner_id = $1 AND scenario_id = $2",
                    values![learner, &record.scenario_id],
                )
                .map_err(sql)?;
            }
            Ok(stored)
        })
    }

    /// Whether the store would take a write now: takes the write lock and lets it go, which
    /// a read-only file or drive refuses. Nothing is written. A server is asked whether it
    /// takes writes (a read-only replica does not).
    pub fn can_save(&self) -> Result<(), StoreError> {
        match &self.db {
            Database::Sqlite(conn) => conn
                .execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
                .map_err(|e| self.classify(e)),
            Database::Postgres(_) => {
                let read_only = self
                    .db
                    .query_one("SELECT current_setting('transaction_read_only')", &[])
                    .and_then(|r| r.text(0))
                    .map_err(|e| self.sql(e))?;
                if read_only == "on" {
                    return Err(StoreError::Postgres {
                        place: self.path.display().to_string(),
                        reason: "the server takes no writes (a read-only replica): point --database at the primary".into(),
                    });
                }
                Ok(())
            }
        }
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

    /// The column that numbers attempt rows: SQLite's own row id, a sequence on a server.
    fn row_number(&self) -> &'static str {
        match self.db {
            Database::Sqlite(_) => "rowid",
            Database::Postgres(_) => "seq",
        }
    }

    /// Reads attempts (one learner's, or every learner's) one at a time, oldest first, each
    /// as its record or as why it cannot be read; `f` returns false to stop.
    pub(super) fn each_attempt_read(
        &self,
        learner: Option<LearnerId>,
        f: &mut dyn FnMut(Result<AttemptRecord, UnreadableRecord>) -> bool,
    ) -> Result<(), StoreError> {
        self.attempt_texts(learner, true, &mut |row, attempt_id, body| {
            f(serde_json::from_str(body).map_err(|e| UnreadableRecord {
                row,
                attempt_id: attempt_id.to_string(),
                reason: e.to_string(),
            }))
        })
    }

    /// Every learner's attempts as stored, unread: the row, the attempt id and the record's
    /// JSON text, in the order the database finds quickest (a report counts them all, so
    /// their order does not matter). `f` returns false to stop.
    pub fn each_attempt_text(
        &self,
        f: &mut dyn FnMut(i64, &str, &str) -> bool,
    ) -> Result<(), StoreError> {
        self.attempt_texts(None, false, f)
    }

    fn attempt_texts(
        &self,
        learner: Option<LearnerId>,
        oldest_first: bool,
        f: &mut dyn FnMut(i64, &str, &str) -> bool,
    ) -> Result<(), StoreError> {
        let n = self.row_number();
        let order = if oldest_first {
            " ORDER BY finished_at, attempt_id"
        } else {
            ""
        };
        let (sql, vals) = match learner {
            Some(id) => (
                format!("SELECT {n}, attempt_id, body FROM attempts WHERE learner_id = $1{order}"),
                vec![id.into()],
            ),
            None => (
                format!("SELECT {n}, attempt_id, body FROM attempts{order}"),
                vec![],
            ),
        };
        self.db
            .each(&sql, &vals, &mut |r| Ok(f(r.int(0)?, r.str(1)?, r.str(2)?)))
            .map_err(|e| self.sql(e))
    }

    /// The attempts of one learner (or of every learner), oldest first, and apart from them
    /// those whose record cannot be read.
    pub(super) fn read_attempts(
        &self,
        learner: Option<LearnerId>,
    ) -> Result<(Vec<AttemptRecord>, Vec<UnreadableRecord>), StoreError> {
        let mut read = Vec::new();
        let mut unreadable = Vec::new();
        self.each_attempt_read(learner, &mut |r| {
            match r {
                Ok(record) => read.push(record),
                Err(u) => unreadable.push(u),
            }
            true
        })?;
        Ok((read, unreadable))
    }

    /// A scenario's status: in progress, else passed or failed with the best score, else new.
    pub fn status(&self, scenario_id: &str) -> Result<ScenarioStatus, StoreError> {
        let in_progress = self
            .db
            .query_one(
                "SELECT count(*) FROM progress WHERE learner_id = $1 AND scenario_id = $2",
                values![self.learner, scenario_id],
            )
            .and_then(|r| r.flag(0))
            .map_err(|e| self.sql(e))?;
        let best = self
            .db
            .query_opt(
                "SELECT max(passed), max(overall) FROM attempts
                 WHERE learner_id = $1 AND scenario_id = $2 HAVING count(*) > 0",
                values![self.learner, scenario_id],
            )
            .and_then(|r| r.map(|r| Ok((r.flag(0)?, r.int(1)? as u32))).transpose())
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
