//! The SCO of a SCORM 1.2 package: a small page per scenario, inside the package, that the
//! LMS opens. It finds the LMS's API adapter, initialises, and on the learner's click opens
//! the hosted trainer in its own window with a one-time launch token; the trainer's pages
//! then report status, score, time and suspend data back by `postMessage`, which the SCO
//! takes only from the trainer's origin and passes to the LMS.

use super::course::{Course, Unit};
use super::xml::escape;

/// The script every SCO page runs (the same for all, configured by the page's attributes).
pub const SCRIPT: &str = include_str!("canteen-sco.js");

/// The SCO page of a unit.
pub fn page(course: &Course, unit: &Unit) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{summary}</p>
<p>The scenario opens in a new window of canteen, the trust's social media trainer. Your result comes back here when you finish.</p>
<p><button type="button" id="open" disabled>Open the scenario</button></p>
<p id="status" role="status">Connecting to your learning system…</p>
</main>
<script src="canteen-sco.js" data-base="{base}" data-scenario="{scenario}"></script>
</body>
</html>
"#,
        title = escape(&unit.title),
        summary = escape(&unit.summary),
        base = escape(&course.base_url),
        scenario = escape(&unit.scenario),
    )
}
