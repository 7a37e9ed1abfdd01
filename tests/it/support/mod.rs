//! What several test modules share: the real binary, stored attempts, a test LRS and
//! generated scenarios.

pub mod attempts;
pub mod binary;
pub mod lrs;
pub mod raw_http;
pub mod synthetic;
