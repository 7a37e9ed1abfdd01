//! `canteen package`: the zip's files, and its descriptions valid against the schemas the
//! cmi5 and SCORM 1.2 specifications publish (vendored in tests/schemas/).

use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::support::binary::{canteen, stderr_of, stdout_of};

/// The files of a zip, by path.
pub fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Whether xmllint is here; outside CI a machine without it skips the schema checks.
fn have_xmllint() -> bool {
    if Command::new("xmllint").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have xmllint: .ci/run installs libxml2-utils"
    );
    eprintln!("schema checks skipped: xmllint is not installed (apt-get install libxml2-utils)");
    false
}

/// Validates `xml` against `schema` with xmllint; its verdict on stderr.
pub fn xmllint(xml: &[u8], schema: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("document.xml");
    std::fs::write(&file, xml).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join(schema);
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint is installed (Debian's libxml2-utils; .ci/run installs it)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let f = files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} in the zip"));
    std::str::from_utf8(&f.1).unwrap()
}

/// A package of the shipped scenarios; its files.
pub fn package(kind: &str, iri_base: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("course.zip");
    let mut cmd = canteen();
    if let Some(b) = iri_base {
        cmd.env("CANTEEN_IRI_BASE", b);
    }
    let out = stdout_of(
        cmd.args(["package", kind, "--url", "https://training.example.nhs.uk/"])
            .arg(&zip),
        0,
    );
    assert!(
        out.contains("launch at https://training.example.nhs.uk/"),
        "{out}"
    );
    unzip(&zip)
}

#[test]
fn the_cmi5_package_is_valid_and_has_a_unit_per_scenario() {
    if !have_xmllint() {
        return;
    }
    let files = package(
        "--cmi5",
        Some("https://learning.example-trust.nhs.uk/canteen"),
    );
    let xml = file(&files, "cmi5.xml");
    let (valid, why) = xmllint(xml.as_bytes(), "tests/schemas/CourseStructure.xsd");
    assert!(
        valid,
        "cmi5.xml is valid against CourseStructure.xsd: {why}\n{xml}"
    );
    let library = canteen::library::Library::load(&canteen::library::Pack::Shipped);
    let scenarios: Vec<_> = library.scenarios().collect();
    assert_eq!(xml.matches("<au ").count(), scenarios.len());
    for s in scenarios {
        let m = s.meta();
        let au = format!(
            "<au id=\"https://learning.example-trust.nhs.uk/canteen/scenarios/{}\" moveOn=\"CompletedAndPassed\" masteryScore=\"{}\"",
            m.id,
            (f64::from(m.pass_mark) / 100.0)
        );
        assert!(xml.contains(&au), "{au} in\n{xml}");
        assert!(xml.contains(&format!(
            "<url>https://training.example.nhs.uk/cmi5/{}</url>",
            m.id
        )));
    }
    assert!(xml.contains("<course id=\"https://learning.example-trust.nhs.uk/canteen/course\""));
    assert!(!xml.contains("canteen.example"), "no placeholder ids");
}

#[test]
fn without_an_iri_base_the_ids_are_under_the_trainers_address_and_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("out/course.zip");
    let out = stdout_of(
        canteen()
            .env_remove("CANTEEN_IRI_BASE")
            .args([
                "package",
                "--cmi5",
                "--url",
                "https://training.example.nhs.uk",
            ])
            .arg(&zip),
        0,
    );
    assert!(out.contains("set iri_base"), "{out}");
    let files = unzip(&zip);
    assert!(file(&files, "cmi5.xml").contains("id=\"https://training.example.nhs.uk/course\""));
}

#[test]
fn a_broken_schema_check_would_be_seen() {
    if !have_xmllint() {
        return;
    }
    // The check itself: a unit without a launch address is refused by the schema.
    let bad = br#"<?xml version="1.0"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://t.example/c"><title><langstring>t</langstring></title><description><langstring>d</langstring></description></course>
  <au id="https://t.example/a" masteryScore="80"><title><langstring>t</langstring></title><description><langstring>d</langstring></description></au>
</courseStructure>"#;
    let (valid, why) = xmllint(bad, "tests/schemas/CourseStructure.xsd");
    assert!(!valid, "{why}");
}

#[test]
fn a_package_needs_a_web_address() {
    let dir = tempfile::tempdir().unwrap();
    let err = stderr_of(
        canteen()
            .args(["package", "--cmi5", "--url", "training.example.nhs.uk"])
            .arg(dir.path().join("c.zip")),
        2,
    );
    assert!(err.contains("is not an http or https address"), "{err}");
    let err = stderr_of(
        canteen()
            .args(["package", "--url", "https://t.example"])
            .arg(dir.path().join("c.zip")),
        2,
    );
    assert!(err.contains("--cmi5"), "{err}");
}

/// A schema that brings in the SCORM 1.2 schemas a manifest uses, from tests/schemas/scorm12.
fn scorm_schema(dir: &Path) -> String {
    let at = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/scorm12");
    let text = format!(
        r#"<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="{0}/imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="{0}/adlcp_rootv1p2.xsd"/>
  <xsd:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" schemaLocation="{0}/imsmd_rootv1p2p1.xsd"/>
</xsd:schema>"#,
        at.display()
    );
    let file = dir.join("scorm12.xsd");
    std::fs::write(&file, text).unwrap();
    file.display().to_string()
}

#[test]
fn the_scorm_package_is_valid_and_has_a_sco_per_scenario() {
    if !have_xmllint() {
        return;
    }
    let files = package("--scorm12", None);
    let xml = file(&files, "imsmanifest.xml");
    let dir = tempfile::tempdir().unwrap();
    let (valid, why) = xmllint(xml.as_bytes(), &scorm_schema(dir.path()));
    assert!(
        valid,
        "imsmanifest.xml is valid against the SCORM 1.2 schemas: {why}\n{xml}"
    );
    let library = canteen::library::Library::load(&canteen::library::Pack::Shipped);
    for s in library.scenarios() {
        let m = s.meta();
        let page = format!("sco/{}.html", m.id);
        assert!(
            xml.contains(&format!("adlcp:scormtype=\"sco\" href=\"{page}\"")),
            "{page}"
        );
        assert!(xml.contains(&format!(
            "<adlcp:masteryscore>{}</adlcp:masteryscore>",
            m.pass_mark
        )));
        let html = file(&files, &page);
        assert!(
            html.contains("data-base=\"https://training.example.nhs.uk\""),
            "{html}"
        );
        assert!(html.contains(&format!("data-scenario=\"{}\"", m.id)));
    }
    let script = file(&files, "sco/canteen-sco.js");
    assert!(
        script.contains("event.origin !== trainerOrigin"),
        "messages are taken from the trainer only"
    );

    // The check itself: a SCO with a scormtype SCORM 1.2 does not have is refused.
    let broken = xml.replacen("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"lesson\"", 1);
    let (valid, _) = xmllint(broken.as_bytes(), &scorm_schema(dir.path()));
    assert!(!valid);
}
