//! The web shell (`canteen serve`): the trainer in any browser, for every member of staff.
//!
//! Server-rendered pages that work with no JavaScript, over the same trainer service, library,
//! scoring and record store as the terminal; many learners share one store, each request
//! working through that learner's scoped view of it. Who the learner is comes from a
//! single-use invite link or from the trust's single sign-on proxy; canteen keeps no
//! passwords, and keeps only hashes of the tokens it hands out.
//!
//! In the order they build on each other: [`visitor`] is who a request is from, [`page`]
//! draws the layout and problem pages, [`launches`] are the cmi5 sessions with a trust's LMS,
//! [`relays`] the SCORM launches, [`state`] is what the handlers share, [`identity`]
//! signs learners in and checks every form's token, [`screens`] answers each screen, and
//! [`server`] puts the routes behind the guard and runs them.

// A handler's early answer (sign in, not found, slow down) is a whole `Response`, returned once
// per request: boxing it would only add an allocation to every error path.
#![allow(clippy::result_large_err)]

pub mod identity;
pub mod launches;
pub mod page;
pub mod relays;
pub mod screens;
pub mod server;
pub mod state;
pub mod visitor;

pub use server::Server;
pub use state::{Options, SingleSignOn};
