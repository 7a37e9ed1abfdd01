//! Finding the line of an offending id, so semantic diagnostics point where the author looks.

use std::sync::Arc;

use crate::format::source::{SourceFile, Span};

/// Finds scenes, choices and fields in one file's text.
pub struct Locate {
    file: Arc<SourceFile>,
}

impl Locate {
    /// A locator over a file.
    pub fn new(file: &Arc<SourceFile>) -> Locate {
        Locate {
            file: Arc::clone(file),
        }
    }

    /// The file searched.
    pub fn file(&self) -> &Arc<SourceFile> {
        &self.file
    }

    /// The file name without folders or `.ron`.
    pub fn file_stem(&self) -> Option<&str> {
        let name = self.file.name.rsplit(['/', '\\']).next()?;
        name.strip_suffix(".ron")
    }

    fn body(&self) -> usize {
        self.file.find_field(0, "scenes").map_or(0, |s| s.offset)
    }

    /// The key of a scene or ending.
    pub fn scene(&self, id: &str) -> Option<Span> {
        self.file
            .find_key_after(self.body(), id)
            .or_else(|| self.file.find_key(id))
    }

    /// The `n`th (1-based) key with this id.
    pub fn nth_key(&self, id: &str, n: usize) -> Option<Span> {
        self.file.nth_key_after(self.body(), id, n)
    }

    /// A field inside a scene.
    pub fn scene_field(&self, scene: &str, field: &str) -> Option<Span> {
        let from = self.scene(scene)?.offset;
        self.file.find_field(from, field)
    }

    /// The id of a choice inside a scene.
    pub fn choice(&self, scene: &str, choice: &str) -> Option<Span> {
        self.nth_choice(scene, choice, 1)
    }

    /// The `n`th (1-based) mention of a choice id from a scene on.
    pub fn nth_choice(&self, scene: &str, choice: &str, n: usize) -> Option<Span> {
        let from = self.scene(scene).map_or(0, |s| s.offset);
        self.file.nth_quoted(from, choice, n)
    }

    /// A quoted value written inside a choice (a target, flag or principle).
    pub fn in_choice(&self, scene: &str, choice: &str, needle: &str) -> Option<Span> {
        let from = self.choice(scene, choice)?.offset + 1;
        self.file.find_quoted(from, needle)
    }

    /// A field inside a choice.
    pub fn in_choice_field(&self, scene: &str, choice: &str, field: &str) -> Option<Span> {
        let from = self.choice(scene, choice)?.offset;
        self.file.find_field(from, field)
    }

    /// Some text as written, anywhere in the file.
    pub fn text(&self, needle: &str) -> Option<Span> {
        self.file.find_text(0, needle)
    }

    /// A top-level field of the scenario.
    pub fn top_field(&self, field: &str) -> Option<Span> {
        self.file.find_field(0, field)
    }

    /// A quoted value of a top-level field.
    pub fn top_value(&self, field: &str, value: &str) -> Option<Span> {
        let from = self.top_field(field)?.offset;
        self.file.find_quoted(from, value)
    }

    /// An expectation's quoted value, searched from the `expect` field.
    pub fn in_expect(&self, needle: &str) -> Option<Span> {
        let from = self.top_field("expect")?.offset;
        self.file.find_quoted(from, needle)
    }

    /// The `n`th (1-based) expectation in the `expect` list.
    pub fn expectation(&self, n: usize) -> Option<Span> {
        let from = self.top_field("expect")?.offset;
        let text = &self.file.text[from..];
        let kinds = ["Passes(", "Fails(", "Critical(", "Ends(", "Scores("];
        let mut starts: Vec<usize> = kinds
            .iter()
            .flat_map(|k| text.match_indices(k).map(|(i, _)| i))
            .collect();
        starts.sort_unstable();
        let at = *starts.get(n.checked_sub(1)?)?;
        let len = text[at..].find('(').unwrap_or(0);
        Some(Span {
            offset: from + at,
            len,
        })
    }
}
