//! `imsmanifest.xml`, the description of a SCORM 1.2 package: one organisation with an item
//! per scenario, each a SCO (a page in the package) with the scenario's pass mark as its
//! mastery score.

use super::course::{Course, Unit};
use super::xml::escape;

/// The path in the package of the script every SCO page runs.
pub const SCO_SCRIPT: &str = "sco/canteen-sco.js";

/// The path in the package of a unit's SCO page.
pub fn sco_page(unit: &Unit) -> String {
    format!("sco/{}.html", super::course::segment(&unit.scenario))
}

/// An XML id (`xsd:ID`) for a scenario: letters, digits, `-`, `_` and `.` only.
fn xml_id(prefix: &str, scenario: &str) -> String {
    let tail: String = scenario
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{tail}")
}

/// The text of `imsmanifest.xml` for a course.
pub fn manifest(course: &Course) -> String {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(concat!(
        "<manifest identifier=\"canteen-course\" version=\"1\"\n",
        "    xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n",
        "    xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n",
        "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n",
        "    xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n",
    ));
    x.push_str("  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n");
    x.push_str("  <organizations default=\"canteen\">\n");
    x.push_str("    <organization identifier=\"canteen\">\n");
    x.push_str(&format!(
        "      <title>{}</title>\n",
        escape(&short(&course.title))
    ));
    for unit in &course.units {
        x.push_str(&format!(
            "      <item identifier=\"{}\" identifierref=\"{}\" isvisible=\"true\">\n",
            xml_id("item", &unit.scenario),
            xml_id("sco", &unit.scenario)
        ));
        x.push_str(&format!(
            "        <title>{}</title>\n",
            escape(&short(&unit.title))
        ));
        x.push_str(&format!(
            "        <adlcp:masteryscore>{}</adlcp:masteryscore>\n",
            unit.pass_mark
        ));
        x.push_str("      </item>\n");
    }
    x.push_str("    </organization>\n  </organizations>\n  <resources>\n");
    for unit in &course.units {
        let page = sco_page(unit);
        x.push_str(&format!(
            "    <resource identifier=\"{}\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{}\">\n",
            xml_id("sco", &unit.scenario),
            escape(&page)
        ));
        x.push_str(&format!("      <file href=\"{}\"/>\n", escape(&page)));
        x.push_str(&format!("      <file href=\"{SCO_SCRIPT}\"/>\n"));
        x.push_str("    </resource>\n");
    }
    x.push_str("  </resources>\n</manifest>\n");
    x
}

/// A title cut to the 200 characters SCORM 1.2 allows.
fn short(title: &str) -> String {
    title.chars().take(200).collect()
}
