//! Shipped scenario texts, damaged at random: parsing and validating them must report
//! diagnostics, never panic, and every diagnostic's span must lie inside the text.

use std::sync::Arc;

use canteen::checks::check;
use canteen::format::SourceFile;
use canteen::model::Catalogue;
use proptest::prelude::*;

fn texts() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    ["scenarios", "docs/examples", "tests/fixtures/invalid"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(format!("{root}/{dir}")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Duplicate(usize, usize),
    Swap(usize, usize),
    Insert(usize, char),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let inserted = prop::sample::select(vec![
        '"', '(', ')', '[', ']', '{', '}', ',', ':', '\0', '\n', '\r', '\u{7f}', '#', 'é', '…',
    ]);
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), 1usize..40).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), inserted).prop_map(|(a, c)| Mutation::Insert(a, c)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Applies a mutation to the text's characters, so the result stays valid UTF-8.
fn apply(text: &str, m: &Mutation) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let n = chars.len().max(1);
    match *m {
        Mutation::Delete(a, len) => {
            let a = a % n;
            let end = (a + len).min(chars.len());
            chars.drain(a.min(end)..end);
        }
        Mutation::Duplicate(a, len) => {
            let a = a % n;
            let end = (a + len).min(chars.len());
            let copy: Vec<char> = chars[a.min(end)..end].to_vec();
            chars.splice(end..end, copy);
        }
        Mutation::Swap(a, b) => {
            if !chars.is_empty() {
                let len = chars.len();
                chars.swap(a % len, b % len);
            }
        }
        Mutation::Insert(a, c) => chars.insert(a % (chars.len() + 1), c),
        Mutation::Truncate(a) => chars.truncate(a % n),
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn damaged_scenarios_get_diagnostics_inside_the_text(
        which in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let all = texts();
        let mut text = all[which % all.len()].clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        let file = Arc::new(SourceFile::new("damaged.ron", text.clone()));
        let checked = check(file, &Catalogue::shipped());
        for d in &checked.diagnostics {
            if let Some(span) = d.span {
                prop_assert!(span.offset <= text.len(), "{}", d.short());
                prop_assert!(span.offset + span.len <= text.len() + 1, "{}", d.short());
            }
            // Rendering must not panic either, at the widths the CLI and preview use.
            let _ = d.render(100, false);
            let _ = d.short();
        }
    }
}
