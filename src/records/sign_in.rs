//! Sign-in for the web shell, with no password kept: single-use invites and sign-in sessions.
//!
//! Both are random tokens of 256 bits that only the learner's browser (or the invite's email)
//! holds; the store keeps a SHA-256 hash of each, so a copy of the records file signs no one
//! in. Times are Unix seconds, passed in, so expiry is tested without waiting.

use rand::Rng;
use sha2::{Digest, Sha256};

use super::database::values;
use super::store::{LearnerId, Store, StoreError};

/// A new random token: 32 bytes from the operating system's generator, as 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the store keeps of a token.
fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A sign-in session found by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub learner: LearnerId,
    /// The token every form of this session carries, against cross-site requests.
    pub csrf: String,
}

/// Why an invite did not sign anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteRefused {
    /// No invite has this token (mistyped, or never issued).
    Unknown,
    /// The invite was used already: each signs in once.
    Used,
    /// The invite is past its expiry.
    Expired,
}

impl Store {
    /// A single-use invite for each email address, valid until `expires_at`, written in one
    /// transaction; returns the tokens for the links, in order. Only their hashes are kept.
    pub fn invite(
        &mut self,
        emails: &[&str],
        now: i64,
        expires_at: i64,
    ) -> Result<Vec<String>, StoreError> {
        self.write(|db| {
            let mut tokens = Vec::with_capacity(emails.len());
            for email in emails {
                let token = new_token();
                db.execute(
                    "INSERT INTO invites (token_hash, email, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                    values![hash(&token), email.trim(), now, expires_at],
                )
                .map_err(|e| self.sql(e))?;
                tokens.push(token);
            }
            Ok(tokens)
        })
    }

    /// Tunes the store for a server that many learners share: write-ahead logging, so pages
    /// are read while a choice is written. With `sync_every_choice` each choice is synced to
    /// the disk before it is acknowledged, surviving a power cut; without it a choice is in
    /// the log when acknowledged, surviving canteen being killed or crashing, and the disk is
    /// synced at each checkpoint. (A records file on a network drive must not be served.) A
    /// PostgreSQL server is asked for the same bargain: without `sync_every_choice` a commit
    /// is acknowledged once it is in the server's log (`synchronous_commit = off`, on every
    /// connection made from this store); with it, once it is on the server's disk.
    pub fn for_many_learners(&self, sync_every_choice: bool) -> Result<(), StoreError> {
        let Some(conn) = self.db.sqlite() else {
            return self
                .db
                .commit_durably(sync_every_choice)
                .map_err(|e| self.sql(e));
        };
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| self.sql(e.into()))?;
        let sync = if sync_every_choice { "FULL" } else { "NORMAL" };
        conn.pragma_update(None, "synchronous", sync)
            .map_err(|e| self.sql(e.into()))
    }

    /// Uses an invite: marks it used and returns its learner (added when new, keyed by the
    /// invited email address). Marking it used is one statement that only an unused,
    /// unexpired invite passes, so two browsers (or two servers) racing with one link sign
    /// in once.
    pub fn redeem_invite(
        &mut self,
        token: &str,
        now: i64,
    ) -> Result<Result<LearnerId, InviteRefused>, StoreError> {
        self.write(|db| {
            let sql = |e| self.sql(e);
            let taken = db
                .query_opt(
                    "UPDATE invites SET used_at = $2
                     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
                     RETURNING email",
                    values![hash(token), now],
                )
                .and_then(|r| r.map(|r| r.text(0)).transpose())
                .map_err(sql)?;
            let Some(email) = taken else {
                let found = db
                    .query_opt(
                        "SELECT used_at FROM invites WHERE token_hash = $1",
                        values![hash(token)],
                    )
                    .and_then(|r| r.map(|r| r.opt_int(0)).transpose())
                    .map_err(sql)?;
                return Ok(Err(match found {
                    None => InviteRefused::Unknown,
                    Some(Some(_)) => InviteRefused::Used,
                    Some(None) => InviteRefused::Expired,
                }));
            };
            db.execute(
                "INSERT INTO learners (key, name, created_at) VALUES ($1, $1, $2)
                 ON CONFLICT (key) DO NOTHING",
                values![&email, jiff::Timestamp::now().to_string()],
            )
            .map_err(sql)?;
            let id = db
                .query_one("SELECT id FROM learners WHERE key = $1", values![&email])
                .and_then(|r| r.int(0))
                .map_err(sql)?;
            Ok(Ok(id))
        })
    }

    /// Opens a sign-in session for a learner; returns its token (for the cookie) and what it
    /// keeps.
    pub fn open_session(
        &self,
        learner: LearnerId,
        now: i64,
    ) -> Result<(String, SignedIn), StoreError> {
        let token = new_token();
        let csrf = new_token();
        self.db
            .execute(
                "INSERT INTO sign_in_sessions (token_hash, learner_id, csrf, created_at, seen_at)
                 VALUES ($1, $2, $3, $4, $4)",
                values![hash(&token), learner, &csrf, now],
            )
            .map_err(|e| self.sql(e))?;
        Ok((token, SignedIn { learner, csrf }))
    }

    /// The session with this token, if it was seen within `idle` seconds; seeing it again
    /// keeps it open. An idle session is closed.
    pub fn session(
        &self,
        token: &str,
        now: i64,
        idle: i64,
    ) -> Result<Option<SignedIn>, StoreError> {
        let h = hash(token);
        let found = self
            .db
            .query_opt(
                "SELECT learner_id, csrf, seen_at FROM sign_in_sessions WHERE token_hash = $1",
                values![&h],
            )
            .and_then(|r| {
                r.map(|r| Ok((r.int(0)?, r.text(1)?, r.int(2)?)))
                    .transpose()
            })
            .map_err(|e| self.sql(e))?;
        let Some((learner, csrf, seen)) = found else {
            return Ok(None);
        };
        if now - seen > idle {
            self.close_session(token)?;
            return Ok(None);
        }
        // Seen again: written at most once a minute, so reading pages is not a write each.
        if now - seen >= 60 {
            self.db
                .execute(
                    "UPDATE sign_in_sessions SET seen_at = $2 WHERE token_hash = $1",
                    values![&h, now],
                )
                .map_err(|e| self.sql(e))?;
        }
        Ok(Some(SignedIn { learner, csrf }))
    }

    /// Closes a session (signing out).
    pub fn close_session(&self, token: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "DELETE FROM sign_in_sessions WHERE token_hash = $1",
                values![hash(token)],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_signs_in_once_before_it_expires_and_only_its_hash_is_kept() {
        let mut store = Store::in_memory().unwrap();
        let token = store
            .invite(&["a.nurse@nhs.example"], 100, 200)
            .unwrap()
            .remove(0);
        assert_eq!(token.len(), 64);
        let kept = store
            .db
            .query_one("SELECT token_hash FROM invites", &[])
            .unwrap()
            .text(0)
            .unwrap();
        assert_ne!(kept, token, "the token itself is never stored");
        assert_eq!(
            store.redeem_invite("0123", 150).unwrap(),
            Err(InviteRefused::Unknown)
        );
        let late = store
            .invite(&["late@nhs.example"], 100, 200)
            .unwrap()
            .remove(0);
        assert_eq!(
            store.redeem_invite(&late, 200).unwrap(),
            Err(InviteRefused::Expired)
        );
        let learner = store.redeem_invite(&token, 150).unwrap().unwrap();
        assert_eq!(
            store.redeem_invite(&token, 151).unwrap(),
            Err(InviteRefused::Used)
        );
        let again = store
            .invite(&["a.nurse@nhs.example"], 300, 400)
            .unwrap()
            .remove(0);
        assert_eq!(
            store.redeem_invite(&again, 301).unwrap(),
            Ok(learner),
            "a second invite to the same address is the same learner"
        );
    }

    #[test]
    fn a_session_is_found_by_its_token_until_idle_or_closed() {
        let store = Store::in_memory().unwrap();
        let id = store.learner_for("b@nhs.example", "").unwrap();
        let (token, opened) = store.open_session(id, 1000).unwrap();
        assert_eq!(
            store.session(&token, 1500, 3600).unwrap(),
            Some(opened.clone())
        );
        assert_eq!(store.session("nope", 1500, 3600).unwrap(), None);
        assert_eq!(
            store.session(&token, 1500 + 3601, 3600).unwrap(),
            None,
            "idle for longer than allowed"
        );
        assert_eq!(
            store.session(&token, 1500, 3600).unwrap(),
            None,
            "and closed"
        );
        let (t2, _) = store.open_session(id, 1000).unwrap();
        store.close_session(&t2).unwrap();
        assert_eq!(store.session(&t2, 1001, 3600).unwrap(), None);
    }
}
