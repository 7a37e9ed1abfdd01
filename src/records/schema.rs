//! The record store's schema: the first version, and each migration since.

use rusqlite::{Connection, Transaction, TransactionBehavior};

/// "CANT": marks the database as canteen's, so a foreign SQLite file is recognised.
pub const APPLICATION_ID: i32 = 0x4341_4E54;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 4;

/// The first schema; later versions are reached through [`MIGRATIONS`].
pub(super) const SCHEMA: &str = r#"
CREATE TABLE learner (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    asked INTEGER NOT NULL DEFAULT 0
);
INSERT INTO learner (id) VALUES (1);
CREATE TABLE progress (
    scenario_id TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE attempts (
    attempt_id TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    passed INTEGER NOT NULL,
    overall INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX attempts_by_scenario ON attempts (scenario_id, finished_at);
"#;

/// `MIGRATIONS[i]` takes a database from schema `i + 1` to `i + 2`, keeping every row.
pub(super) const MIGRATIONS: [&str; 3] = [
    // 2: the xAPI outbox. Statements wait here until a learning record store acknowledges them;
    // `queued_attempts` remembers which attempts have been queued, so none is queued twice.
    r#"
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    statement_id TEXT NOT NULL UNIQUE,
    attempt_id TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE queued_attempts (
    attempt_id TEXT PRIMARY KEY,
    queued_at TEXT NOT NULL
);
"#,
    // 3: the scoring rules each attempt was scored by. Attempts stored before this were all
    // scored by version 1 (the unweighted mean of the principles); they keep that score.
    r#"
ALTER TABLE attempts ADD COLUMN scoring INTEGER NOT NULL DEFAULT 1;
"#,
    // 4: the learner's choice of no time limits (a reasonable adjustment, WCAG 2.2.1). Learners
    // stored before this keep time limits on until they turn them off.
    r#"
ALTER TABLE learner ADD COLUMN untimed INTEGER NOT NULL DEFAULT 0;
"#,
];

/// Brings an older database up to [`SCHEMA_VERSION`] in one transaction, keeping every row. The
/// version is read again inside the (immediate, so writing) transaction, so two canteens
/// opening the same file migrate it once; a failure rolls everything back.
pub(super) fn upgrade(conn: &Connection) -> rusqlite::Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let version: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for step in version.max(1)..SCHEMA_VERSION {
        tx.execute_batch(MIGRATIONS[(step - 1) as usize])?;
    }
    tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))?;
    tx.commit()
}
