//! `cmi5.xml`, the course structure of a cmi5 package: one assignable unit per scenario,
//! each moved on (satisfied) when it is completed and passed at its mastery score.
//!
//! Units open in their own window (`launchMethod="OwnWindow"`): the trainer signs the learner
//! in with a first-party cookie, which a browser does not send to a frame inside the LMS.

use super::course::Course;
use super::xml::escape;

/// The course-structure namespace of the cmi5 specification.
pub const NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// The text of `cmi5.xml` for a course.
pub fn course_structure(course: &Course) -> String {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!("<courseStructure xmlns=\"{NAMESPACE}\">\n"));
    x.push_str(&format!("  <course id=\"{}\">\n", escape(&course.id)));
    x.push_str(&text("title", &course.title, 4));
    x.push_str(&text("description", &course.description, 4));
    x.push_str("  </course>\n");
    for unit in &course.units {
        x.push_str(&format!(
            "  <au id=\"{}\" moveOn=\"CompletedAndPassed\" masteryScore=\"{}\" launchMethod=\"OwnWindow\">\n",
            escape(&unit.id),
            mastery(unit.mastery)
        ));
        x.push_str(&text("title", &unit.title, 4));
        let about = format!("{} About {} minutes.", unit.summary, unit.minutes);
        x.push_str(&text("description", about.trim(), 4));
        x.push_str(&format!(
            "    <url>{}</url>\n",
            escape(&course.cmi5_url(unit))
        ));
        x.push_str("  </au>\n");
    }
    x.push_str("</courseStructure>\n");
    x
}

/// A fraction as a decimal with no more digits than it needs (`0.8`, `1`, `0.75`).
fn mastery(fraction: f64) -> String {
    let s = format!("{:.2}", fraction.clamp(0.0, 1.0));
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A text element with one English language string.
fn text(name: &str, value: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    format!(
        "{pad}<{name}>\n{pad}  <langstring lang=\"en-GB\">{}</langstring>\n{pad}</{name}>\n",
        escape(value)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn mastery_scores_are_short_decimals() {
        assert_eq!(super::mastery(0.8), "0.8");
        assert_eq!(super::mastery(1.0), "1");
        assert_eq!(super::mastery(0.75), "0.75");
        assert_eq!(super::mastery(0.0), "0");
    }
}
