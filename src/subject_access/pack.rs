//! The subject access pack: everything held about one person, as sections of rows, written out
//! as one self-contained HTML file that reads well on screen and on paper, with the same data
//! as JSON inside it (a `<script type="application/json">` block) for anyone who wants it as
//! data. Pure: the use case fills it, this writes it.

use serde::Serialize;

/// One kind of record: a title, what it is, and its rows under its column headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    /// A sentence on what this is, or why something is left out.
    pub note: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Section {
    pub fn new(title: &str, columns: &[&str]) -> Section {
        Section {
            title: title.into(),
            note: None,
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn noting(mut self, note: &str) -> Section {
        self.note = Some(note.into());
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// The whole pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pack {
    pub person: String,
    pub organisation: String,
    pub compiled_on: String,
    pub request_received_on: String,
    pub sections: Vec<Section>,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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

/// The JSON, safe inside a `<script>` block: no `<` at all, so nothing in it can close the
/// block or open a comment (`\u003c` reads back as `<`).
fn embedded_json(pack: &Pack) -> String {
    serde_json::to_string_pretty(pack)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}\
table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem}th,td{border:1px solid #999;padding:0.3rem 0.5rem;text-align:left;vertical-align:top}\
th{background:#eee}h2{margin-top:2rem;break-after:avoid}.note{color:#444}@media print{body{margin:0}h2{break-before:auto}}";

impl Pack {
    /// The file: headings, a sentence per section, a table per section, the JSON at the end.
    pub fn to_html(&self) -> String {
        let mut html = String::new();
        html.push_str("<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">");
        html.push_str(&format!(
            "<title>What {} holds about {}</title><style>{STYLE}</style></head><body>",
            escape(&self.organisation),
            escape(&self.person)
        ));
        html.push_str(&format!(
            "<h1>What {} holds about {}</h1><p>Compiled on {} for the request received on {}. \
             The same information is inside this file as JSON, for a computer to read.</p>",
            escape(&self.organisation),
            escape(&self.person),
            escape(&self.compiled_on),
            escape(&self.request_received_on)
        ));
        for section in &self.sections {
            html.push_str(&format!("<h2>{}</h2>", escape(&section.title)));
            if let Some(note) = &section.note {
                html.push_str(&format!("<p class=\"note\">{}</p>", escape(note)));
            }
            if section.rows.is_empty() {
                html.push_str("<p>None held.</p>");
                continue;
            }
            html.push_str("<table><thead><tr>");
            for column in &section.columns {
                html.push_str(&format!("<th scope=\"col\">{}</th>", escape(column)));
            }
            html.push_str("</tr></thead><tbody>");
            for row in &section.rows {
                html.push_str("<tr>");
                for cell in row {
                    html.push_str(&format!("<td>{}</td>", escape(cell)));
                }
                html.push_str("</tr>");
            }
            html.push_str("</tbody></table>");
        }
        html.push_str(&format!(
            "<script type=\"application/json\" id=\"subject-access-data\">{}</script></body></html>\n",
            embedded_json(self)
        ));
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> Pack {
        let mut notes = Section::new("One-to-one notes", &["Date", "Note"]);
        notes.row(vec![
            "2026-11-02".into(),
            "Said <b>hi</b> & left </script>".into(),
        ]);
        Pack {
            person: "Danny Hughes".into(),
            organisation: "TurnAround".into(),
            compiled_on: "3 December 2026".into(),
            request_received_on: "1 December 2026".into(),
            sections: vec![
                notes,
                Section::new("Rides", &["Date"]).noting("Pick-ups booked and taken."),
            ],
        }
    }

    #[test]
    fn text_is_escaped_and_the_json_cannot_close_its_block() {
        let html = pack().to_html();
        assert!(html.contains("Said &lt;b&gt;hi&lt;/b&gt; &amp; left &lt;/script&gt;"));
        let json_start = html.find("id=\"subject-access-data\">").unwrap();
        let json_block = &html[json_start..];
        assert_eq!(
            json_block.matches("</script>").count(),
            1,
            "only the block's own end"
        );
        assert!(json_block.contains("\\u003c/script>"));
    }

    #[test]
    fn the_embedded_json_reads_back_as_the_same_data() {
        let html = pack().to_html();
        let start = html.find("id=\"subject-access-data\">").unwrap() + 25;
        let end = html.rfind("</script>").unwrap();
        let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(data["person"], "Danny Hughes");
        assert_eq!(
            data["sections"][0]["rows"][0][1],
            "Said <b>hi</b> & left </script>"
        );
        assert_eq!(data["sections"][1]["note"], "Pick-ups booked and taken.");
    }

    #[test]
    fn an_empty_section_says_so() {
        assert!(pack().to_html().contains(
            "<h2>Rides</h2><p class=\"note\">Pick-ups booked and taken.</p><p>None held.</p>"
        ));
    }
}
