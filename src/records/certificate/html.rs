//! The HTML certificate: one self-contained, printable page (inline CSS with a print style, no
//! scripts, images or external files) with accessible markup: a language, landmarks, headings,
//! and tables with captions and header cells.

use std::fmt::Write;

use super::{Certificate, long_date};

const STYLE: &str = r#"
:root { color: #1d1d1b; background: #ffffff; font-family: Arial, Helvetica, sans-serif; }
body { margin: 0; padding: 2rem 1rem; line-height: 1.5; }
main { max-width: 48rem; margin: 0 auto; padding: 2rem 2.5rem; border: 0.4rem double #005eb8; }
h1 { font-size: 2rem; margin: 0 0 0.25rem; color: #003087; }
h2 { font-size: 1.25rem; margin: 1.75rem 0 0.5rem; color: #003087; }
.subtitle { font-size: 1.1rem; margin: 0 0 1.5rem; }
.learner { font-size: 1.6rem; font-weight: bold; margin: 0.25rem 0 1rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #768692; }
thead th { border-bottom: 2px solid #1d1d1b; }
tbody th { font-weight: normal; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.verification { margin-top: 2rem; font-size: 0.9rem; }
.verification code { white-space: nowrap; font-size: 0.95em; }
.verification code.hash { white-space: normal; overflow-wrap: anywhere; }
.verification dd { margin: 0 0 0.5rem 0; }
.verification dt { font-weight: bold; }
.verification ul { margin: 0; padding-left: 1.25rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { padding: 0; }
  main { border-width: 0.3rem; max-width: none; }
  a { color: inherit; text-decoration: none; }
  table, .verification { break-inside: avoid; }
}
"#;

/// Escapes text for HTML content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The certificate as one self-contained HTML page.
pub fn to_html(c: &Certificate) -> String {
    let mut out = String::new();
    let who = if c.learner.is_empty() {
        "a learner (no name or staff number was given)".to_string()
    } else {
        escape(&c.learner)
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"canteen\">\n\
         <title>canteen certificate of completion: {who_title}</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<main>\n<h1>Certificate of completion</h1>\n\
         <p class=\"subtitle\">canteen: using social media well in the NHS</p>\n",
        who_title = if c.learner.is_empty() {
            "no name given".to_string()
        } else {
            escape(&c.learner)
        },
    );
    let _ = writeln!(
        out,
        "<p>This certifies that</p>\n<p class=\"learner\">{who}</p>\n\
         <p>passed the scenarios below.</p>"
    );
    let _ = writeln!(
        out,
        "<table>\n<caption>Scenarios passed</caption>\n<thead><tr><th scope=\"col\">Scenario</th>\
         <th scope=\"col\">Passed on</th><th scope=\"col\" class=\"number\">Score</th>\
         <th scope=\"col\" class=\"number\">Pass mark</th></tr></thead>\n<tbody>"
    );
    for p in &c.passes {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"number\">{}%</td>\
             <td class=\"number\">{}%</td></tr>",
            escape(&p.title_and_version()),
            long_date(p.finished_at),
            p.score,
            p.pass_mark
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>");
    let _ = writeln!(out, "<p>{}</p>", escape(&super::scoring_note(c)));
    let _ = writeln!(
        out,
        "<h2>Principles covered</h2>\n<table>\n<caption>Mean score per principle across the \
         scenarios passed</caption>\n<thead><tr><th scope=\"col\">Principle</th>\
         <th scope=\"col\" class=\"number\">Scenarios</th>\
         <th scope=\"col\" class=\"number\">Mean score</th></tr></thead>\n<tbody>"
    );
    for p in &c.principles {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"number\">{}</td>\
             <td class=\"number\">{}%</td></tr>",
            escape(&p.name),
            p.scenarios,
            p.mean_percent
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>");
    let _ = writeln!(
        out,
        "<p>Issued {} (dates are UTC).</p>",
        long_date(c.issued)
    );
    let _ = writeln!(
        out,
        "<section class=\"verification\" aria-labelledby=\"verification\">\n\
         <h2 id=\"verification\">Verification</h2>\n<dl>\n<dt>SHA-256</dt>\n\
         <dd><code class=\"hash\">{}</code></dd>\n<dt>Attempt records</dt>\n<dd><ul>",
        c.hash
    );
    for p in &c.passes {
        let _ = writeln!(
            out,
            "<li><code>{}</code> ({})</li>",
            p.attempt_id,
            escape(&p.scenario_id)
        );
    }
    let _ = writeln!(
        out,
        "</ul></dd>\n</dl>\n<p>To check this certificate, run \
         <code>canteen certificate --verify FILE</code> on the computer that holds \
         the records (or with <code>--data-dir</code> pointing at them). The hash is the SHA-256 \
         of the attempt records listed, in the canonical JSON form described in canteen&#39;s \
         README.</p>\n</section>\n</main>\n</body>\n</html>"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_names_is_escaped() {
        assert_eq!(
            escape("<b>Sam & \"Jo\"</b>"),
            "&lt;b&gt;Sam &amp; &quot;Jo&quot;&lt;/b&gt;"
        );
    }
}
