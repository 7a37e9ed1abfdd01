//! The screens of the web trainer, a file each: the scenario list, playing a scenario, the
//! results and records, the settings and accessibility statement, and the team report for
//! managers.

pub mod about;
pub mod compliance;
pub mod list;
pub mod play;
pub mod result;
pub mod team;
