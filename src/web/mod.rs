//! The web shell (`canteen serve`): the trainer in any browser, for every member of staff.
//!
//! Server-rendered pages that work with no JavaScript, over the same trainer service, library,
//! scoring and record store as the terminal; many learners share one store, each request
//! working through that learner's scoped view of it. Who the learner is comes from a
//! single-use invite link or from the trust's single sign-on proxy; canteen keeps no
//! passwords, and keeps only hashes of the tokens it hands out.
//!
//! [`server`] holds the state and the routes, [`identity`] signs learners in and checks every
//! form's token, and [`pages`] draws each screen.

// A handler's early answer (sign in, not found, slow down) is a whole `Response`, returned once
// per request: boxing it would only add an allocation to every error path.
#![allow(clippy::result_large_err)]

pub mod identity;
pub mod pages;
pub mod server;

pub use server::{Options, Server, SingleSignOn};
