//! The database under the record store: a SQLite file (the default: nothing to install) or a
//! PostgreSQL server that several `canteen serve` processes share behind a load balancer.
//!
//! One small vocabulary over both (run a statement, read rows, one transaction), so every
//! store method is written once. Statements are written with PostgreSQL's `$1` placeholders
//! and in the SQL both databases speak (`ON CONFLICT ... DO NOTHING`, no `json_extract`);
//! for SQLite the placeholders are rewritten as `?1`. Values are whole numbers or text, the
//! only kinds the store keeps, so a row reads the same whichever database it came from.

use std::borrow::Cow;
use std::cell::RefCell;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};

/// A value passed to, or read from, a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

/// The values of a statement's placeholders, `$1` first.
macro_rules! values {
    ($($v:expr),* $(,)?) => {
        &[$($crate::records::database::Value::from($v)),*]
    };
}
pub(crate) use values;

/// A row a query read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row(Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> &Value {
        self.0.get(i).unwrap_or(&Value::Null)
    }

    /// Column `i` as a whole number.
    pub(crate) fn int(&self, i: usize) -> Result<i64, DbError> {
        match self.at(i) {
            Value::Int(v) => Ok(*v),
            other => Err(DbError::Column {
                index: i,
                wanted: "a whole number",
                found: format!("{other:?}"),
            }),
        }
    }

    /// Column `i` as a whole number, or none when it is NULL.
    pub(crate) fn opt_int(&self, i: usize) -> Result<Option<i64>, DbError> {
        match self.at(i) {
            Value::Null => Ok(None),
            _ => self.int(i).map(Some),
        }
    }

    /// Column `i` as a yes or no (a number, not 0).
    pub(crate) fn flag(&self, i: usize) -> Result<bool, DbError> {
        self.int(i).map(|v| v != 0)
    }

    /// Column `i` as text.
    pub(crate) fn text(&self, i: usize) -> Result<String, DbError> {
        self.str(i).map(str::to_string)
    }

    /// Column `i` as text, borrowed from the row.
    pub(crate) fn str(&self, i: usize) -> Result<&str, DbError> {
        match self.at(i) {
            Value::Text(v) => Ok(v),
            other => Err(DbError::Column {
                index: i,
                wanted: "text",
                found: format!("{other:?}"),
            }),
        }
    }
}

/// Why a statement failed.
#[derive(Debug)]
pub(crate) enum DbError {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// The server went away part-way through a query's rows.
    Interrupted(postgres::Error),
    /// A column held a kind of value the store never writes there.
    Column {
        index: usize,
        wanted: &'static str,
        found: String,
    },
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError::Sqlite(e)
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> DbError {
        DbError::Postgres(e)
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Sqlite(e) => write!(f, "{e}"),
            DbError::Postgres(e) | DbError::Interrupted(e) => {
                write!(f, "{}", postgres_in_words(e))
            }
            DbError::Column {
                index,
                wanted,
                found,
            } => write!(f, "column {index} held {found}, not {wanted}"),
        }
    }
}

/// What went wrong with the PostgreSQL server, in words that say what to do.
pub(crate) fn postgres_in_words(e: &postgres::Error) -> String {
    use postgres::error::SqlState;
    if let Some(db) = e.as_db_error() {
        let what = db.message();
        let code = db.code();
        let fix = if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            "check the user and password in --database"
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            "create the database first (`createdb canteen`), or name another in --database"
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            "the user in --database needs to own the database (or be granted CREATE on it)"
        } else if *code == SqlState::DISK_FULL {
            "the database server's disk is full; free some space and try again"
        } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
            "this server is a read-only replica: point --database at the primary"
        } else {
            "see the database server's log"
        };
        return format!("{what}: {fix}");
    }
    if e.is_closed() {
        return "the connection to the database server closed; it is opened again on the next request".into();
    }
    let cause = std::error::Error::source(e)
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    format!("{e}{cause}: check that the database server is running and that --database names it")
}

/// A connection to a PostgreSQL server, and how to open it again if it closes.
pub(crate) struct Postgres {
    client: postgres::Client,
    config: postgres::Config,
    /// Inside BEGIN ... COMMIT: a statement that fails here is not tried again.
    in_transaction: bool,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres").finish_non_exhaustive()
    }
}

/// A database the store keeps its records in.
#[derive(Debug)]
pub(crate) enum Database {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<Postgres>>),
}

/// `$1` placeholders as SQLite's `?1`.
fn for_sqlite(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn sqlite_params(values: &[Value]) -> impl rusqlite::Params + '_ {
    rusqlite::params_from_iter(values.iter().map(|v| match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(t) => rusqlite::types::Value::Text(t.clone()),
    }))
}

fn sqlite_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let n = r.as_ref().column_count();
    let mut values = Vec::with_capacity(n);
    for i in 0..n {
        values.push(match r.get_ref(i)? {
            rusqlite::types::ValueRef::Null => Value::Null,
            rusqlite::types::ValueRef::Integer(v) => Value::Int(v),
            rusqlite::types::ValueRef::Real(v) => Value::Int(v as i64),
            rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                Value::Text(String::from_utf8_lossy(t).into_owned())
            }
        });
    }
    Ok(Row(values))
}

const NULL: Option<i64> = None;

fn postgres_params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values
        .iter()
        .map(|v| match v {
            Value::Null => &NULL as &(dyn ToSql + Sync),
            Value::Int(i) => i as &(dyn ToSql + Sync),
            Value::Text(t) => t as &(dyn ToSql + Sync),
        })
        .collect()
}

fn postgres_row(r: &postgres::Row) -> Result<Row, DbError> {
    let mut values = Vec::with_capacity(r.len());
    for (i, column) in r.columns().iter().enumerate() {
        let t = column.type_();
        let v = if *t == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map(Value::Int)
        } else if *t == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(i64::from(v)))
        } else if *t == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(i64::from(v)))
        } else if *t == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?
                .map(|v| Value::Int(i64::from(v)))
        } else {
            r.try_get::<_, Option<String>>(i)?.map(Value::Text)
        };
        values.push(v.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}

impl Database {
    /// Connects to the PostgreSQL server a `postgres://` URL names.
    pub(crate) fn connect(url: &str) -> Result<Database, DbError> {
        let config: postgres::Config = url.parse()?;
        let client = config.connect(postgres::NoTls)?;
        Ok(Database::Postgres(Box::new(RefCell::new(Postgres {
            client,
            config,
            in_transaction: false,
        }))))
    }

    /// A second connection to the same PostgreSQL database, so requests need not wait for one
    /// another's round trips; none for SQLite, whose one connection in the process is fastest.
    pub(crate) fn another(&self) -> Option<Result<Database, DbError>> {
        let Database::Postgres(pg) = self else {
            return None;
        };
        let config = pg.borrow().config.clone();
        Some(
            config
                .connect(postgres::NoTls)
                .map_err(DbError::from)
                .map(|client| {
                    Database::Postgres(Box::new(RefCell::new(Postgres {
                        client,
                        config,
                        in_transaction: false,
                    })))
                }),
        )
    }

    /// Tells a PostgreSQL server whether each commit must reach its disk before it is
    /// acknowledged (`synchronous_commit`), on this connection and on every one made from it
    /// later (pooled or reopened). Off, a commit is in the server's log when acknowledged and is
    /// written out within a fraction of a second: it survives canteen being killed, and only a
    /// crash of the database server's machine could lose the last moments, never leaving a
    /// half-written choice. Nothing to do for SQLite.
    pub(crate) fn commit_durably(&self, durably: bool) -> Result<(), DbError> {
        let Database::Postgres(pg) = self else {
            return Ok(());
        };
        let setting = if durably { "on" } else { "off" };
        {
            let mut pg = pg.borrow_mut();
            let given = pg.config.get_options().unwrap_or_default().to_string();
            let options = format!("{given} -c synchronous_commit={setting}");
            pg.config.options(options.trim());
        }
        self.batch(&format!("SET synchronous_commit = {setting}"))
    }

    /// The SQLite connection, for what only SQLite has (its file checks and tuning).
    pub(crate) fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Database::Sqlite(c) => Some(c),
            Database::Postgres(_) => None,
        }
    }

    /// Runs `work` on the PostgreSQL client. If the server closed the connection (a restart,
    /// a failover) it is opened again and, outside a transaction, `work` is tried once more,
    /// so the request that finds it closed still succeeds; inside one, the transaction fails
    /// whole and nothing of it is kept.
    fn postgres<T>(
        cell: &RefCell<Postgres>,
        mut work: impl FnMut(&mut postgres::Client) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let mut pg = cell.borrow_mut();
        if pg.client.is_closed() {
            pg.client = pg.config.connect(postgres::NoTls)?;
        }
        match work(&mut pg.client) {
            Err(DbError::Postgres(e)) if e.is_closed() || pg.client.is_closed() => {
                pg.client = pg.config.connect(postgres::NoTls)?;
                if pg.in_transaction {
                    pg.in_transaction = false;
                    return Err(DbError::Postgres(e));
                }
                work(&mut pg.client)
            }
            done => done,
        }
    }

    /// Notes whether a transaction is open, so a dropped connection is not retried inside one.
    fn set_in_transaction(&self, open: bool) {
        if let Database::Postgres(pg) = self {
            pg.borrow_mut().in_transaction = open;
        }
    }

    /// Runs a statement; returns how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, values: &[Value]) -> Result<u64, DbError> {
        match self {
            Database::Sqlite(c) => {
                let mut stmt = c.prepare_cached(&for_sqlite(sql))?;
                Ok(stmt.execute(sqlite_params(values))? as u64)
            }
            Database::Postgres(pg) => Self::postgres(pg, |client| {
                Ok(client.execute(sql, &postgres_params(values))?)
            }),
        }
    }

    /// Runs statements with no values, one after another.
    pub(crate) fn batch(&self, sql: &str) -> Result<(), DbError> {
        match self {
            Database::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Database::Postgres(pg) => Self::postgres(pg, |client| Ok(client.batch_execute(sql)?)),
        }
    }

    /// Every row a query reads.
    pub(crate) fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>, DbError> {
        let mut rows = Vec::new();
        self.each(sql, values, &mut |row| {
            rows.push(row);
            Ok(true)
        })?;
        Ok(rows)
    }

    /// The first row a query reads, if any.
    pub(crate) fn query_opt(&self, sql: &str, values: &[Value]) -> Result<Option<Row>, DbError> {
        let mut first = None;
        self.each(sql, values, &mut |row| {
            first = Some(row);
            Ok(false)
        })?;
        Ok(first)
    }

    /// The one row a query always reads (a count, a row known to exist).
    pub(crate) fn query_one(&self, sql: &str, values: &[Value]) -> Result<Row, DbError> {
        self.query_opt(sql, values)?
            .ok_or(DbError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    /// Reads a query's rows one at a time, so a large table is never held whole; `f` returns
    /// false to stop early.
    pub(crate) fn each(
        &self,
        sql: &str,
        values: &[Value],
        f: &mut dyn FnMut(Row) -> Result<bool, DbError>,
    ) -> Result<(), DbError> {
        match self {
            Database::Sqlite(c) => {
                let mut stmt = c.prepare_cached(&for_sqlite(sql))?;
                let mut rows = stmt.query(sqlite_params(values))?;
                while let Some(r) = rows.next()? {
                    if !f(sqlite_row(r)?)? {
                        break;
                    }
                }
                Ok(())
            }
            Database::Postgres(pg) => Self::postgres(pg, |client| {
                let mut rows = client.query_raw(sql, postgres_params(values))?;
                let mut delivered = false;
                loop {
                    match rows.next() {
                        Ok(Some(r)) => {
                            delivered = true;
                            if !f(postgres_row(&r)?)? {
                                return Ok(());
                            }
                        }
                        Ok(None) => return Ok(()),
                        // Rows already handed on are not read twice by a retry.
                        Err(e) if delivered => return Err(DbError::Interrupted(e)),
                        Err(e) => return Err(e.into()),
                    }
                }
            }),
        }
    }

    /// Runs `work` in one transaction: all of it is kept, or (on any error) none of it. On
    /// SQLite the write lock is taken at the start, so two canteens writing one file wait
    /// their turn rather than fail half-way.
    pub(crate) fn transaction<T, E: From<DbError>>(
        &self,
        work: impl FnOnce(&Database) -> Result<T, E>,
    ) -> Result<T, E> {
        self.transaction_with(E::from, work)
    }

    /// [`Database::transaction`], saying how a failure to begin or commit is told.
    pub(crate) fn transaction_with<T, E>(
        &self,
        lift: impl Fn(DbError) -> E,
        work: impl FnOnce(&Database) -> Result<T, E>,
    ) -> Result<T, E> {
        let begin = match self {
            Database::Sqlite(_) => "BEGIN IMMEDIATE",
            Database::Postgres(_) => "BEGIN",
        };
        self.batch(begin).map_err(&lift)?;
        self.set_in_transaction(true);
        let result = match work(self) {
            Ok(done) => match self.batch("COMMIT") {
                Ok(()) => Ok(done),
                Err(e) => {
                    let _ = self.batch("ROLLBACK");
                    Err(lift(e))
                }
            },
            Err(e) => {
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        };
        self.set_in_transaction(false);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commit bargain holds on the connection told and on every one made from it, pooled
    /// or reopened. Needs the test server `.ci/run` starts (`CANTEEN_TEST_POSTGRES`); skipped
    /// without one, except in CI.
    #[test]
    fn the_commit_setting_reaches_every_connection_made_from_a_store() {
        let Ok(url) = std::env::var("CANTEEN_TEST_POSTGRES") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs the PostgreSQL tests"
            );
            return;
        };
        let setting = |db: &Database| {
            db.query_one("SHOW synchronous_commit", &[])
                .and_then(|r| r.text(0))
                .unwrap()
        };
        let db = Database::connect(&url).unwrap();
        assert_eq!(setting(&db), "on", "the server's own default");
        db.commit_durably(false).unwrap();
        assert_eq!(setting(&db), "off");
        let pooled = db.another().unwrap().unwrap();
        assert_eq!(setting(&pooled), "off", "a pooled connection");
        if let Database::Postgres(pg) = &db {
            let mut pg = pg.borrow_mut();
            pg.client = pg.config.connect(postgres::NoTls).unwrap();
        }
        assert_eq!(setting(&db), "off", "a connection opened again");
        db.commit_durably(true).unwrap();
        assert_eq!(setting(&db), "on", "the later word wins");
    }

    #[test]
    fn placeholders_are_rewritten_for_sqlite_only_where_they_are_placeholders() {
        assert_eq!(
            for_sqlite("SELECT '$.id', $1, $12 FROM t WHERE a = $2"),
            "SELECT '$.id', ?1, ?12 FROM t WHERE a = ?2"
        );
    }

    #[test]
    fn a_transaction_that_fails_keeps_nothing() {
        let db = Database::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        db.batch("CREATE TABLE t (v INTEGER)").unwrap();
        let failed: Result<(), DbError> = db.transaction(|db| {
            db.execute("INSERT INTO t (v) VALUES ($1)", values![1i64])?;
            db.execute("INSERT INTO nowhere (v) VALUES ($1)", values![2i64])?;
            Ok(())
        });
        assert!(failed.is_err());
        let n = db.query_one("SELECT count(*) FROM t", &[]).unwrap();
        assert_eq!(n.int(0).unwrap(), 0);
    }
}
