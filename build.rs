//! Embeds the shipped scenarios so the binary runs from any folder.
#![expect(
    clippy::expect_used,
    reason = "a build script that cannot read the files it embeds should stop the build"
)]

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=scenarios");
    let mut names: Vec<String> = std::fs::read_dir("scenarios")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ron"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut out = String::from(
        "/// The shipped scenario files: (file name, text).\npub const SHIPPED: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        let path = Path::new(&root).join("scenarios").join(n);
        writeln!(
            out,
            "    ({n:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
        println!("cargo::rerun-if-changed=scenarios/{n}");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("shipped.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
