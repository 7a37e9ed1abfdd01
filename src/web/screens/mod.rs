//! The screens of the web trainer, a file each: the scenario list, playing a scenario, the
//! results and records, the settings and accessibility statement, and the team report for
//! managers, and a launch from the trust's LMS.

pub mod about;
pub mod cmi5;
pub mod compliance;
pub mod list;
pub mod play;
pub mod result;
pub mod scorm;
pub mod team;
