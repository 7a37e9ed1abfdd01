//! Serving over HTTP, as the shells that serve share it: the workshop's phone page and the web
//! trainer. Nothing here knows a scenario or a learner.
//!
//! [`connections`] accepts connections within a cap per address and in all, with header
//! timeouts; [`guard`] checks `Host` and `Origin`, reads the body within its time and size and
//! puts the security headers on every answer; [`budget`] holds the token buckets that rate-limit
//! devices, sessions and addresses; [`cookie`] reads a token cookie.

pub mod budget;
pub mod connections;
pub mod cookie;
pub mod guard;

pub use budget::{Bucket, PerAddress, retry_after};
pub use connections::{
    Admission, Capacity, CapacityWatch, Connections, Peer, Refusal, Refuse, accept, capacity,
    listen, raise_fd_limit,
};
pub use guard::{Guard, Problem, guard};
