//! The databases the store runs on, for tests that must pass on each: a SQLite file in a
//! temporary folder, and a fresh database on the PostgreSQL server named by
//! `CANTEEN_TEST_POSTGRES` (an admin URL such as postgres://canteen@127.0.0.1:54329/postgres;
//! `.ci/run` starts that server). Without it the PostgreSQL half is skipped, except in CI
//! (`CI` set), where it fails: CI must run it.

use std::path::PathBuf;

use canteen::records::Store;

/// The PostgreSQL server for tests, if there is one.
pub fn postgres_admin() -> Option<String> {
    let url = std::env::var("CANTEEN_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty());
    assert!(
        url.is_some() || std::env::var_os("CI").is_none(),
        "CI must test on PostgreSQL: .ci/run starts a server and sets CANTEEN_TEST_POSTGRES"
    );
    url
}

/// A database of its own on the test server, dropped when the test ends.
pub struct ServerDatabase {
    admin: String,
    pub name: String,
    pub url: String,
}

impl ServerDatabase {
    pub fn new(admin: &str) -> ServerDatabase {
        let name = format!("canteen_test_{}", uuid::Uuid::new_v4().simple());
        let mut client = postgres::Client::connect(admin, postgres::NoTls)
            .expect("the test PostgreSQL server answers");
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let (base, _) = admin
            .rsplit_once('/')
            .expect("an admin URL ending /DATABASE");
        ServerDatabase {
            admin: admin.to_string(),
            url: format!("{base}/{name}"),
            name,
        }
    }

    /// Runs SQL straight on the database, around the store: each row's values as text.
    pub fn raw(&self, sql: &str) -> Vec<Vec<String>> {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        client
            .simple_query(sql)
            .unwrap()
            .into_iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => Some(
                    (0..r.len())
                        .map(|i| r.get(i).unwrap_or("").to_string())
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }
}

impl Drop for ServerDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Where one test's store lives.
pub enum Backend {
    File(tempfile::TempDir),
    Server(ServerDatabase),
}

impl Backend {
    /// A fresh store on each database there is to test on.
    pub fn each() -> Vec<Backend> {
        let mut all = vec![Backend::File(tempfile::tempdir().unwrap())];
        if let Some(admin) = postgres_admin() {
            all.push(Backend::Server(ServerDatabase::new(&admin)));
        }
        all
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::File(_) => "SQLite",
            Backend::Server(_) => "PostgreSQL",
        }
    }

    /// What `--database` is given for this store.
    pub fn spec(&self) -> String {
        match self {
            Backend::File(dir) => self.file(dir).display().to_string(),
            Backend::Server(db) => db.url.clone(),
        }
    }

    fn file(&self, dir: &tempfile::TempDir) -> PathBuf {
        dir.path().join("canteen.db")
    }

    /// Opens (or connects to) the store.
    pub fn open(&self) -> Store {
        Store::open_database(&self.spec())
            .unwrap_or_else(|e| panic!("{}: the store opens: {e}", self.name()))
    }

    /// Runs SQL straight on the database, around the store: each row's values as text.
    pub fn raw(&self, sql: &str) -> Vec<Vec<String>> {
        match self {
            Backend::File(dir) => {
                let conn = rusqlite::Connection::open(self.file(dir)).unwrap();
                let mut stmt = conn.prepare(sql).unwrap();
                let n = stmt.column_count();
                stmt.query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                                rusqlite::types::Value::Integer(i) => i.to_string(),
                                rusqlite::types::Value::Text(t) => t,
                                rusqlite::types::Value::Null => String::new(),
                                other => format!("{other:?}"),
                            })
                        })
                        .collect()
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
            }
            Backend::Server(db) => db.raw(sql),
        }
    }
}
