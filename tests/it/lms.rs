//! canteen in a trust's LMS: the cmi5 and SCORM 1.2 packages against the published schemas
//! (xmllint), and a whole cmi5 launch from a test LMS and LRS on loopback.

mod cmi5_launch;
mod packages;
mod scorm_browser;
