//! canteen in a trust's learning management system: the course packages an LMS imports
//! (cmi5 and SCORM 1.2), and what a cmi5 launch sends back to the LMS's record store.
//!
//! In the order they build on each other: [`xml`] writes escaped XML text, [`course`] is the
//! scenarios as a course (ids, launch addresses, mastery), [`cmi5_xml`] and [`manifest`] are
//! its two descriptions, [`sco`] the SCORM page that relays to the hosted trainer,
//! [`package`] puts a description and its files in a zip, [`launch`] reads a cmi5 launch, and
//! [`statements`] makes the cmi5 statements of an attempt; [`client`] is the one part that
//! touches the network (the LMS's fetch URL and record store).

pub mod client;
pub mod cmi5_xml;
pub mod course;
pub mod launch;
pub mod manifest;
pub mod package;
pub mod sco;
pub mod statements;
pub mod xml;
