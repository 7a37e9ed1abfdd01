//! Workshop mode: a facilitator plays a scenario with a room on a projector, and the room
//! votes by show of hands or from their phones.
//!
//! [`app`] is the facilitator's model and [`view`] the projector; [`ballot`] is the pure
//! voting rule and [`server`] the phones' HTTP server on its own thread; [`run`] joins them
//! with channels; [`export`] writes the summary; [`keys`] holds the facilitator's keys.

pub mod app;
pub mod ballot;
pub mod export;
pub mod join;
pub mod keys;
pub mod run;
pub mod server;
pub(crate) mod view;
