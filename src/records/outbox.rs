//! The xAPI outbox: statements waiting in the record store until a learning record store
//! acknowledges them.
//!
//! An attempt's statements are queued once, in one transaction with the note that they were
//! queued; each leaves the outbox only when the LRS has answered 2xx for the request that
//! carried it. A crash or a failed send therefore loses nothing and a rerun sends only what is
//! left; because statement ids are deterministic, a statement the LRS did receive before a
//! crash is recognised there as the same one when it is sent again.

use std::collections::HashSet;

use jiff::Timestamp;

use super::database::values;
use super::store::{Store, StoreError};

/// A statement waiting to be sent: its id and its JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub statement_id: String,
    pub body: String,
}

/// The statements of one attempt, ready to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptStatements {
    pub attempt_id: String,
    pub statements: Vec<Waiting>,
}

impl Store {
    /// The attempts whose statements have been queued (and perhaps sent) before.
    pub fn queued_attempts(&self) -> Result<HashSet<String>, StoreError> {
        self.db
            .query("SELECT attempt_id FROM queued_attempts", &[])
            .and_then(|rows| rows.iter().map(|r| r.text(0)).collect())
            .map_err(|e| self.sql(e))
    }

    /// Queues the statements of attempts not queued before, all in one transaction; returns
    /// how many statements were added.
    pub fn queue_statements(
        &mut self,
        attempts: &[AttemptStatements],
        now: Timestamp,
    ) -> Result<usize, StoreError> {
        self.write(|db| {
            let sql = |e| self.sql(e);
            let mut added = 0;
            for attempt in attempts {
                let fresh = db
                    .execute(
                        "INSERT INTO queued_attempts (attempt_id, queued_at) VALUES ($1, $2)
                         ON CONFLICT (attempt_id) DO NOTHING",
                        values![&attempt.attempt_id, now.to_string()],
                    )
                    .map_err(sql)?;
                if fresh == 0 {
                    continue;
                }
                for s in &attempt.statements {
                    added += db
                        .execute(
                            "INSERT INTO outbox (statement_id, attempt_id, body) VALUES ($1, $2, $3)
                             ON CONFLICT (statement_id) DO NOTHING",
                            values![&s.statement_id, &attempt.attempt_id, &s.body],
                        )
                        .map_err(sql)? as usize;
                }
            }
            Ok(added)
        })
    }

    /// How many statements are waiting.
    pub fn outbox_len(&self) -> Result<usize, StoreError> {
        self.db
            .query_one("SELECT count(*) FROM outbox", &[])
            .and_then(|r| r.int(0))
            .map(|n| n as usize)
            .map_err(|e| self.sql(e))
    }

    /// The `n` statements that have waited longest, oldest first.
    pub fn outbox_front(&self, n: usize) -> Result<Vec<Waiting>, StoreError> {
        self.db
            .query(
                "SELECT statement_id, body FROM outbox ORDER BY seq LIMIT $1",
                values![n as i64],
            )
            .and_then(|rows| {
                rows.iter()
                    .map(|r| {
                        Ok(Waiting {
                            statement_id: r.text(0)?,
                            body: r.text(1)?,
                        })
                    })
                    .collect()
            })
            .map_err(|e| self.sql(e))
    }

    /// Takes statements the LRS has acknowledged out of the outbox, in one transaction.
    pub fn acknowledge(&mut self, statement_ids: &[String]) -> Result<(), StoreError> {
        self.write(|db| {
            for id in statement_ids {
                db.execute("DELETE FROM outbox WHERE statement_id = $1", values![id])
                    .map_err(|e| self.sql(e))?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(id: &str) -> Waiting {
        Waiting {
            statement_id: id.into(),
            body: format!("{{\"id\":\"{id}\"}}"),
        }
    }

    #[test]
    fn an_attempt_is_queued_once_and_leaves_only_when_acknowledged() {
        let mut store = Store::in_memory().unwrap();
        let now = Timestamp::UNIX_EPOCH;
        let a = AttemptStatements {
            attempt_id: "a".into(),
            statements: vec![waiting("1"), waiting("2"), waiting("3")],
        };
        assert_eq!(
            store
                .queue_statements(std::slice::from_ref(&a), now)
                .unwrap(),
            3
        );
        assert_eq!(store.queue_statements(&[a], now).unwrap(), 0);
        let front = store.outbox_front(2).unwrap();
        assert_eq!(front, [waiting("1"), waiting("2")]);
        store.acknowledge(&["1".into(), "2".into()]).unwrap();
        assert_eq!(store.outbox_len().unwrap(), 1);
        assert_eq!(store.outbox_front(50).unwrap(), [waiting("3")]);
        assert!(store.queued_attempts().unwrap().contains("a"));
    }
}
