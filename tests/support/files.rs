//! Output folders as data: every file with its bytes, the file a URL is written to, and folders that
//! outlive a test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every file below `dir` with its bytes, by `/`-separated relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk the output");
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("below the folder")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(
                relative,
                std::fs::read(entry.path()).expect("read an output file"),
            );
        }
    }
    files
}

/// Asserts two snapshots hold the same files with the same bytes, naming the first difference.
pub fn assert_same_files(
    left: &BTreeMap<String, Vec<u8>>,
    right: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let left_names: Vec<&String> = left.keys().collect();
    let right_names: Vec<&String> = right.keys().collect();
    assert_eq!(left_names, right_names, "{what}: the file lists differ");
    for (name, bytes) in left {
        assert!(
            right[name] == *bytes,
            "{what}: {name} differs ({} vs {} bytes)",
            bytes.len(),
            right[name].len()
        );
    }
}

/// Paths (relative to `out`) of every HTML file.
pub fn html_files(out: &Path) -> Vec<String> {
    snapshot(out)
        .into_keys()
        .filter(|name| name.ends_with(".html"))
        .collect()
}

/// Every file below `dir` (not following links), sorted. A folder that is missing, or that vanishes
/// while it is read, gives what could be read.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
}

/// Copies every file below `from` to the same place below `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let target = to.join(entry.strip_prefix(from).expect("below the folder"));
        std::fs::create_dir_all(target.parent().expect("has a parent")).expect("create folders");
        std::fs::copy(&entry, &target).unwrap_or_else(|e| panic!("copy {}: {e}", entry.display()));
    }
}

/// `%XX` escapes of a URL path back to its bytes (output folders hold the decoded names).
pub fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| path.to_string())
}

/// The file a site URL path is written to: `en/politics/` -> `en/politics/index.html`
/// (percent-escapes decoded).
pub fn output_file(out: &Path, url_path: &str) -> PathBuf {
    let decoded = percent_decode(url_path);
    let path = decoded.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        out.join(path).join("index.html")
    } else {
        out.join(path)
    }
}

/// A folder below Cargo's temporary folder for this package that outlives the tests of this
/// process (for what a `static` holds, which is never dropped), named after the process so that
/// concurrent `cargo test` runs never share it. Such folders left by earlier runs are removed once
/// they are a day old: no run of the suite takes that long, and no process check is needed.
pub fn scratch_dir(what: &str) -> PathBuf {
    const STALE: Duration = Duration::from_secs(24 * 60 * 60);
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("newsroom-tests");
    std::fs::create_dir_all(&base).expect("create the scratch folder");
    let mine = format!("-{}", std::process::id());
    for entry in std::fs::read_dir(&base).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if stale && !name.ends_with(&mine) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = base.join(format!("{what}{mine}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}
