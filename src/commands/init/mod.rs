//! `newsroom init [DIR]`: writes a small site that builds at once: `site.yaml` for the languages
//! asked for, their UI strings, the bundled templates, stylesheets and scripts, one story, and a
//! `.gitignore` for what a build writes.

mod starter;

use chrono::{DateTime, Utc};
use starter::{LANGUAGES, StarterLanguage};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The theme and UI strings of the sample site, bundled by `build.rs`.
const BUNDLED: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/starter_files.rs"));

/// The starter category's key.
const CATEGORY: &str = "news";

#[derive(Debug)]
pub struct InitRequest {
    pub folder: PathBuf,
    /// Language codes, the first one the default.
    pub languages: Vec<String>,
    pub title: String,
    pub base_url: String,
    /// When the first story is dated.
    pub now: DateTime<Utc>,
}

pub fn run(request: InitRequest) -> ExitCode {
    match init(&request) {
        Ok((written, codes)) => {
            let folder = request.folder.display();
            println!("wrote a new site to {folder} ({written} files)");
            let cd = if request.folder == Path::new(".") {
                String::new()
            } else {
                format!("cd {folder} && ")
            };
            println!("next: {cd}newsroom serve    (or newsroom build, into public/)");
            if let [first, other, ..] = codes[..] {
                println!(
                    "translate the first story: newsroom new {other} --translate content/{first}/{CATEGORY}/welcome.md"
                );
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// How many files were written, and the languages' codes.
fn init(request: &InitRequest) -> Result<(usize, Vec<&'static str>), String> {
    let languages = starter_languages(&request.languages)?;
    crate::config::normalize_base_url(&request.base_url)
        .map_err(|message| format!("--base-url: {message}"))?;
    refuse_a_folder_in_use(&request.folder)?;
    let files = site_files(request, &languages);
    for (relative, bytes) in &files {
        let path = request.folder.join(relative);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        written.map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    }
    Ok((files.len(), languages.iter().map(|l| l.code).collect()))
}

fn starter_languages(codes: &[String]) -> Result<Vec<&'static StarterLanguage>, String> {
    if codes.is_empty() {
        return Err("--languages needs at least one language code, such as --languages en".into());
    }
    let known = || {
        LANGUAGES
            .iter()
            .map(|l| l.code)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut chosen: Vec<&StarterLanguage> = Vec::new();
    for given in codes {
        // `--languages "en, ko"` and `EN` mean what they say.
        let code = given.trim().to_ascii_lowercase();
        let Some(language) = starter::find(&code) else {
            return Err(format!(
                "there are no bundled UI strings for the language '{code}'; start with some of {} and add another later by copying i18n/en.yaml to i18n/<code>.yaml and translating it",
                known()
            ));
        };
        if chosen.iter().any(|c| c.code == language.code) {
            return Err(format!("the language '{code}' is given twice"));
        }
        chosen.push(language);
    }
    Ok(chosen)
}

/// A new site goes into an empty (or new) folder only, so nothing of the user's is overwritten.
/// A repository's `.git` alone does not count.
fn refuse_a_folder_in_use(folder: &Path) -> Result<(), String> {
    if folder.exists() && !folder.is_dir() {
        return Err(format!("{} is a file, not a folder", folder.display()));
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(());
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name != ".git")
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let more = if names.len() > 3 { ", ..." } else { "" };
    Err(format!(
        "{} is not empty (it holds {}{more}); give a new folder, such as newsroom init my-site",
        folder.display(),
        shown.join(", ")
    ))
}

fn site_files(request: &InitRequest, languages: &[&StarterLanguage]) -> Vec<(String, Vec<u8>)> {
    let wanted_i18n: Vec<String> = languages
        .iter()
        .map(|l| format!("i18n/{}.yaml", l.code))
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = BUNDLED
        .iter()
        .filter(|(relative, _)| {
            !relative.starts_with("i18n/") || wanted_i18n.iter().any(|w| w == relative)
        })
        .map(|(relative, bytes)| {
            let bytes = if relative.starts_with("i18n/") {
                own_copyright(bytes, &request.title)
            } else {
                bytes.to_vec()
            };
            (relative.to_string(), bytes)
        })
        .collect();
    files.push((
        "site.yaml".into(),
        site_yaml(request, languages).into_bytes(),
    ));
    let first = languages[0];
    let story = format!("content/{}/{CATEGORY}/welcome.md", first.code);
    files.push((
        story.clone(),
        welcome_story(first, &story, request.now).into_bytes(),
    ));
    files.push((
        ".gitignore".into(),
        b"/public/\n/.public.newsroom/\n".to_vec(),
    ));
    files
}

/// The bundled UI strings name the sample site in their copyright line; a new site's name
/// goes there instead.
fn own_copyright(bytes: &[u8], title: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<String> = text
        .lines()
        .map(|line| match line.starts_with("copyright:") {
            true => format!("copyright: {}", scalar(title)),
            false => line.to_string(),
        })
        .collect();
    format!("{}\n", lines.join("\n")).into_bytes()
}

/// A YAML scalar as serde_yaml quotes it, so any title reads back as it was given.
fn scalar(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|yaml| yaml.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

fn site_yaml(request: &InitRequest, languages: &[&StarterLanguage]) -> String {
    let mut yaml = format!(
        "# The site's settings: README.md, section \"site.yaml\", lists them all.\n\
         title: {}\n\
         base_url: {}\n\
         default_language: {}\n\
         # Times are shown in this zone unless a language sets its own `timezone`.\n\
         timezone: UTC\n\
         languages:\n",
        scalar(&request.title),
        scalar(&request.base_url),
        languages[0].code
    );
    for language in languages {
        yaml.push_str(&format!(
            "  - code: {}\n    name: {}\n",
            language.code,
            scalar(language.name)
        ));
        if let Some(tag) = language.tag {
            yaml.push_str(&format!("    tag: {tag}\n"));
        }
        if language.right_to_left {
            yaml.push_str("    dir: rtl\n");
        }
    }
    let labels: Vec<String> = languages
        .iter()
        .map(|l| format!("{}: {}", l.code, scalar(l.news)))
        .collect();
    yaml.push_str(&format!(
        "# The sections of the site, in menu order: key -> its label in each language.\n\
         categories:\n  {CATEGORY}: {{ {} }}\n\
         page_size: 20\n\
         # The cookie banner: `opt-in` asks before any script that needs consent runs. Set\n\
         # `policy_url` to your cookie policy page once you have one.\n\
         consent:\n  mode: opt-in\n\
         \x20 # What a reader may consent to (README, \"Consent\"); embedded videos wait for `media`.\n\
         \x20 categories:\n    - key: necessary\n      necessary: true\n    - key: analytics\n    - key: media\n",
        labels.join(", ")
    ));
    yaml
}

fn welcome_story(language: &StarterLanguage, file: &str, now: DateTime<Utc>) -> String {
    let new = format!(
        "newsroom new {}/{CATEGORY}/second-story --title \"...\"",
        language.code
    );
    let body = language
        .welcome_body
        .replace("{file}", file)
        .replace("{new}", &new);
    format!(
        "---\ntitle: {}\ncategory: {CATEGORY}\nwritten: {}\n---\n\n{body}\n",
        scalar(language.welcome_title),
        now.format("%Y-%m-%d %H:%M")
    )
}
