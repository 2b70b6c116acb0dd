//! Bundles the theme (templates, stylesheets, scripts) and the UI strings of every language into
//! the binary, for `newsroom init`: a new site starts from the same files the sample site uses,
//! and a template added to `templates/` is in the next binary without a list to keep by hand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What `init` copies, relative to the repository (and to the new site).
const BUNDLED: &[&str] = &["templates", "static/css", "static/js", "i18n"];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut files = Vec::new();
    for folder in BUNDLED {
        println!("cargo:rerun-if-changed={folder}");
        collect(&root, &root.join(folder), &mut files);
    }
    files.sort();
    let mut code = String::from("&[\n");
    for relative in &files {
        let absolute = root.join(relative);
        writeln!(
            code,
            "    ({relative:?}, include_bytes!({:?}) as &[u8]),",
            absolute.display().to_string()
        )
        .expect("writing to a String");
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("starter_files.rs"), code).expect("OUT_DIR is writable");
}

fn collect(root: &Path, folder: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(relative) = path.strip_prefix(root) {
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
