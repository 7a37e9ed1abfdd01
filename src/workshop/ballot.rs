//! The votes for one decision: one vote per device, changeable until voting closes.
//!
//! Pure: the server holds one ballot at a time and asks it whether a vote counts.

use std::collections::HashMap;

use serde::Serialize;
use thiserror::Error;

/// Why a vote was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum VoteError {
    #[error("there is no question to vote on yet")]
    NoQuestion,
    #[error("voting is not open for this decision")]
    Closed,
    #[error("this vote is for an earlier decision")]
    Stale,
    #[error("there is no such option")]
    UnknownOption,
}

/// What the room is doing, as phones see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for the facilitator to open a question.
    Waiting,
    Open,
    Closed,
    /// The tally is on the projector.
    Revealed,
    /// The workshop is over.
    Ended,
}

/// A question put to the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Counts up from 1 with each decision, so a late vote cannot land on the next one.
    pub decision: u32,
    pub prompt: String,
    /// Option texts, lettered A, B, C... in this order.
    pub options: Vec<String>,
}

/// The votes on the current question.
#[derive(Debug, Clone, Default)]
pub struct Ballot {
    question: Option<Question>,
    status: Option<Status>,
    votes: HashMap<String, usize>,
    devices: std::collections::HashSet<String>,
}

impl Ballot {
    /// Puts a new question; earlier votes are cleared.
    pub fn ask(&mut self, question: Question) {
        self.question = Some(question);
        self.status = Some(Status::Waiting);
        self.votes.clear();
    }

    /// Sets the room's status (open, closed, revealed, ended).
    pub fn set_status(&mut self, status: Status) {
        self.status = Some(status);
    }

    /// The room's status.
    pub fn status(&self) -> Status {
        self.status.unwrap_or(Status::Waiting)
    }

    /// The current question.
    pub fn question(&self) -> Option<&Question> {
        self.question.as_ref()
    }

    /// Records or changes a device's vote.
    pub fn vote(&mut self, device: &str, decision: u32, option: usize) -> Result<(), VoteError> {
        let q = self.question.as_ref().ok_or(VoteError::NoQuestion)?;
        if decision != q.decision {
            return Err(VoteError::Stale);
        }
        if self.status() != Status::Open {
            return Err(VoteError::Closed);
        }
        if option >= q.options.len() {
            return Err(VoteError::UnknownOption);
        }
        self.votes.insert(device.to_string(), option);
        self.devices.insert(device.to_string());
        Ok(())
    }

    /// This device's vote on the current question.
    pub fn vote_of(&self, device: &str) -> Option<usize> {
        self.votes.get(device).copied()
    }

    /// Votes per option.
    pub fn counts(&self) -> Vec<u32> {
        let n = self.question.as_ref().map_or(0, |q| q.options.len());
        let mut counts = vec![0; n];
        for &v in self.votes.values() {
            counts[v] += 1;
        }
        counts
    }

    /// How many devices have voted on this question.
    pub fn voters(&self) -> usize {
        self.votes.len()
    }

    /// How many devices have voted at least once in the workshop.
    pub fn devices_ever(&self) -> usize {
        self.devices.len()
    }
}

/// The option with the most votes, or `None` on a tie for first place (or no votes).
pub fn majority(counts: &[u32]) -> Option<usize> {
    let best = *counts.iter().max()?;
    let mut leaders = counts.iter().enumerate().filter(|(_, c)| **c == best);
    let (first, _) = leaders.next()?;
    (best > 0 && leaders.next().is_none()).then_some(first)
}

/// The letter of the `i`th option.
pub fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballot() -> Ballot {
        let mut b = Ballot::default();
        b.ask(Question {
            decision: 1,
            prompt: "What do you do?".into(),
            options: vec!["a".into(), "b".into(), "c".into()],
        });
        b
    }

    #[test]
    fn one_vote_per_device_changeable_until_closed() {
        let mut b = ballot();
        assert_eq!(
            b.vote("phone-1", 1, 0),
            Err(VoteError::Closed),
            "not open yet"
        );
        b.set_status(Status::Open);
        b.vote("phone-1", 1, 0).unwrap();
        b.vote("phone-2", 1, 2).unwrap();
        b.vote("phone-1", 1, 2).unwrap();
        assert_eq!(b.counts(), vec![0, 0, 2]);
        assert_eq!(b.voters(), 2);
        assert_eq!(b.vote("phone-3", 1, 3), Err(VoteError::UnknownOption));
        assert_eq!(b.vote("phone-3", 0, 1), Err(VoteError::Stale));
        b.set_status(Status::Closed);
        assert_eq!(b.vote("phone-2", 1, 1), Err(VoteError::Closed));
        assert_eq!(b.counts(), vec![0, 0, 2]);
    }

    #[test]
    fn majority_needs_a_single_leader() {
        assert_eq!(majority(&[1, 4, 2]), Some(1));
        assert_eq!(majority(&[3, 3, 0]), None);
        assert_eq!(majority(&[0, 0]), None);
        assert_eq!(letter(2), 'C');
    }
}
