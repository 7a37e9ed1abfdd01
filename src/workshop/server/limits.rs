//! What one address on the room's network may do: how many wrong join codes it may guess, how
//! many new devices it may add, how many connections it may hold, and how long a request may
//! take to arrive. Token buckets (see [`crate::serving::budget`]), so a room behind one Wi-Fi address (NAT) joins at a steady
//! rate while one client cannot stuff the ballot or fill the room.

use std::time::Duration;

use crate::serving::Admission;

/// The room's protections; [`Limits::default`] suits a room of phones on one Wi-Fi.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The most devices one room admits.
    pub max_devices: usize,
    /// New devices one address may add a minute (and at once): phones behind one Wi-Fi NAT
    /// share an address, so this is a rate, not a total.
    pub devices_per_minute: u32,
    /// Wrong join codes one address may try a minute (and at once).
    pub guesses_per_minute: u32,
    /// Connections one address may hold open at once.
    pub connections_per_address: usize,
    /// Connections the server holds at once, all addresses together; `None` takes it from the
    /// process's file-descriptor limit (raised to the hard limit at start).
    pub max_connections: Option<usize>,
    /// How long a request's headers may take to arrive (and how long an idle kept-alive
    /// connection is held).
    pub header_timeout: Duration,
    /// How long a request's body may take to arrive once its headers have.
    pub body_timeout: Duration,
    /// A host name phones may use besides this computer's addresses (from `--url`); any other
    /// name in `Host` is refused, which stops DNS rebinding.
    pub host_name: Option<String>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_devices: 2000,
            devices_per_minute: 60,
            guesses_per_minute: 20,
            connections_per_address: 200,
            max_connections: None,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            host_name: None,
        }
    }
}

impl Limits {
    /// The connection caps and timeouts, as the shared accept loop takes them.
    pub(super) fn admission(&self) -> Admission {
        Admission {
            per_address: self.connections_per_address,
            max_connections: self.max_connections,
            header_timeout: self.header_timeout,
        }
    }
}
