//! Compiles the built-in articles (`data/articles/*.json` at the workspace root) into the binary, so curbside
//! answers from any directory with no files beside it.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new("../../data/articles");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from(
        "/// `(file name, JSON text)` of every built-in article.\npub static BUILTIN_ARTICLES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let abs = fs::canonicalize(path).expect("a listed file exists");
        let name = path.file_name().expect("a listed file has a name");
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            name.to_string_lossy(),
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_articles.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
