//! The screens of the web trainer, a file each: the scenario list, playing a scenario, the
//! results and records, and the settings and accessibility statement.

pub mod about;
pub mod list;
pub mod play;
pub mod result;
