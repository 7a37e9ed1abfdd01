//! The record store's schema: the first version, and each migration since.

use rusqlite::{Connection, Transaction, TransactionBehavior};

/// "CANT": marks the database as canteen's, so a foreign SQLite file is recognised.
pub const APPLICATION_ID: i32 = 0x4341_4E54;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 6;

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
pub(super) const MIGRATIONS: [&str; 5] = [
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
    // 5: many learners in one store (`canteen serve`). The one learner of a terminal store
    // becomes learner 1, key `local`, with its progress and attempts; progress is keyed by
    // learner and scenario; the web shell's sign-in sessions and single-use invites are kept
    // with only a hash of each token; a saved progress that cannot be read is set aside
    // (kept, never deleted) so the learner can start that scenario again.
    r#"
CREATE TABLE learners (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    asked INTEGER NOT NULL DEFAULT 0,
    untimed INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT ''
);
INSERT INTO learners (id, key, name, asked, untimed)
    SELECT 1, 'local', name, asked, untimed FROM learner;
INSERT OR IGNORE INTO learners (id, key) VALUES (1, 'local');
DROP TABLE learner;
CREATE TABLE progress_by_learner (
    learner_id INTEGER NOT NULL REFERENCES learners (id),
    scenario_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (learner_id, scenario_id)
);
INSERT INTO progress_by_learner (learner_id, scenario_id, body)
    SELECT 1, scenario_id, body FROM progress;
DROP TABLE progress;
ALTER TABLE progress_by_learner RENAME TO progress;
-- SQLite cannot add a column that both references a table and has a default; learner 1
-- always exists, and the store only writes ids it has read from `learners`.
ALTER TABLE attempts ADD COLUMN learner_id INTEGER NOT NULL DEFAULT 1;
CREATE INDEX attempts_by_learner ON attempts (learner_id, scenario_id);
CREATE TABLE sign_in_sessions (
    token_hash TEXT PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners (id),
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
);
CREATE TABLE set_aside (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    learner_id INTEGER NOT NULL,
    scenario_id TEXT NOT NULL,
    body TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_aside_at TEXT NOT NULL
);
CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
"#,
    // 6: each learner's role (a role id from roles.ron, or blank when not known), so the
    // training team sees who is in date with their role's pathway. Learners stored before
    // this have no role until they choose one or an admin sets it.
    r#"
ALTER TABLE learners ADD COLUMN role TEXT NOT NULL DEFAULT '';
"#,
];

/// The schema on a PostgreSQL server, made whole at [`POSTGRES_FIRST`]: PostgreSQL stores
/// began at SQLite's schema 6, so they have no history before it. Tables and columns are
/// SQLite's, with PostgreSQL's types (`BIGINT` for every number, `BIGSERIAL` for a row
/// number); `canteen_schema` holds the version, as `PRAGMA user_version` does in a file.
pub(super) const POSTGRES_SCHEMA: &str = r#"
CREATE TABLE canteen_schema (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
CREATE TABLE learners (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    asked BIGINT NOT NULL DEFAULT 0,
    untimed BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT ''
);
INSERT INTO learners (key) VALUES ('local');
CREATE TABLE progress (
    learner_id BIGINT NOT NULL REFERENCES learners (id),
    scenario_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (learner_id, scenario_id)
);
CREATE TABLE attempts (
    seq BIGSERIAL UNIQUE,
    attempt_id TEXT PRIMARY KEY,
    learner_id BIGINT NOT NULL REFERENCES learners (id),
    scenario_id TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    passed BIGINT NOT NULL,
    overall BIGINT NOT NULL,
    scoring BIGINT NOT NULL DEFAULT 1,
    body TEXT NOT NULL
);
CREATE INDEX attempts_by_scenario ON attempts (scenario_id, finished_at);
CREATE INDEX attempts_by_learner ON attempts (learner_id, scenario_id);
CREATE INDEX attempts_in_order ON attempts (finished_at, attempt_id);
CREATE TABLE outbox (
    seq BIGSERIAL PRIMARY KEY,
    statement_id TEXT NOT NULL UNIQUE,
    attempt_id TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE queued_attempts (
    attempt_id TEXT PRIMARY KEY,
    queued_at TEXT NOT NULL
);
CREATE TABLE sign_in_sessions (
    token_hash TEXT PRIMARY KEY,
    learner_id BIGINT NOT NULL REFERENCES learners (id),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL
);
CREATE TABLE set_aside (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    learner_id BIGINT NOT NULL,
    scenario_id TEXT NOT NULL,
    body TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_aside_at TEXT NOT NULL
);
CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
"#;

/// The schema version a PostgreSQL store is made at.
pub(super) const POSTGRES_FIRST: i32 = 6;

/// `POSTGRES_MIGRATIONS[i]` takes a PostgreSQL store from `POSTGRES_FIRST + i` to the next
/// version; each later SQLite migration has its PostgreSQL twin here.
pub(super) const POSTGRES_MIGRATIONS: [&str; (SCHEMA_VERSION - POSTGRES_FIRST) as usize] = [];

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
