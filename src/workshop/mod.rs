//! Workshop mode: a facilitator plays a scenario with a room on a projector, and the room
//! votes by show of hands or from their phones.
//!
//! [`ballot`] is the pure voting rule, [`server`] the phones' HTTP server on its own thread.

pub mod app;
pub mod ballot;
pub mod server;
