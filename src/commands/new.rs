//! `newsroom new`: starts an article (or its translation) with its front-matter filled in.
//!
//! The front-matter is written by serde_yaml's emitter, not by string formatting, so any title
//! (colons, quotes, `#`, leading `-`, several lines) reads back exactly as it was given.

use crate::config::{self, SiteConfig};
use crate::content::{self, CONTENT_DIR, PAGES_DIR, frontmatter};
use crate::diagnostics::{Diagnostics, Location, display_path};
use crate::yaml::{self, OrderedMap, Value};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

/// Front-matter fields a translation takes over from the original story.
pub const CARRIED_OVER: [&str; 6] = [
    "category",
    "photo",
    "written",
    "summary",
    "tags",
    "translation_key",
];

/// The title a translation starts with, before the translator writes the real one.
const PLACEHOLDER_PREFIX: &str = content::TRANSLATE_MARKER;

/// What to start: validated arguments of `newsroom new`.
#[derive(Debug)]
pub struct NewRequest {
    /// The site folder, holding site.yaml.
    pub root: PathBuf,
    /// `<code>/<category>/<slug>`, `<code>/pages/<slug>`, or with `translate` a language code.
    pub target: String,
    pub title: Option<String>,
    /// The content file to start a translation of.
    pub translate: Option<PathBuf>,
}

pub fn run(args: NewRequest) -> ExitCode {
    let mut diagnostics = Diagnostics::new();
    let Some(config) = config::load_site(&args.root, &mut diagnostics) else {
        crate::diagnostics::print(diagnostics);
        return ExitCode::FAILURE;
    };
    let result = match &args.translate {
        Some(source) => translate(
            &args.root,
            &config,
            source,
            &args.target,
            args.title.as_deref(),
        ),
        None => match args.title.as_deref() {
            Some(title) => new_article(&args.root, &config, &args.target, title),
            None => Err(Failure::usage(
                "--title is required: newsroom new <code>/<category>/<slug> --title \"...\"",
            )),
        },
    };
    match result {
        Ok(relative) => {
            let shown = if args.root == Path::new(".") {
                relative
            } else {
                args.root.join(relative)
            };
            println!("{}", shown.display());
            ExitCode::SUCCESS
        }
        Err(failure) => {
            match failure.location {
                Some(location) => eprintln!("{location}: error: {}", failure.message),
                None => eprintln!("error: {}", failure.message),
            }
            ExitCode::FAILURE
        }
    }
}

/// Why `new` wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub location: Option<Location>,
    pub message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure {
            location: None,
            message: message.into(),
        }
    }

    fn at(location: Location, message: impl Into<String>) -> Self {
        Failure {
            location: Some(location),
            message: message.into(),
        }
    }
}

/// Writes `content/<code>/<category>/<slug>.md` and returns that path (relative to the root).
pub fn new_article(
    root: &Path,
    config: &SiteConfig,
    target: &str,
    title: &str,
) -> Result<PathBuf, Failure> {
    let target = target.trim().trim_matches('/');
    let target = target
        .strip_prefix(&format!("{CONTENT_DIR}/"))
        .unwrap_or(target);
    let target = target.strip_suffix(".md").unwrap_or(target);
    let parts: Vec<&str> = target.split('/').collect();
    let [code, category, raw_slug] = parts[..] else {
        return Err(Failure::usage(format!(
            "'{target}' is not <language code>/<category>/<slug>, such as en/politics/nato-call"
        )));
    };
    check_language(config, code)?;
    let is_page = category == PAGES_DIR;
    if !is_page && config.category(category).is_none() {
        let keys: Vec<&str> = config.categories.iter().map(|c| c.key.as_str()).collect();
        let hint = crate::diagnostics::nearest(category, &keys)
            .map(|k| format!("did you mean '{k}'? "))
            .unwrap_or_default();
        return Err(Failure::at(
            Location::file(config::SITE_FILE),
            format!(
                "unknown category '{category}'; {hint}the categories are: {} (or '{PAGES_DIR}' for a standalone page)",
                keys.join(", ")
            ),
        ));
    }
    let slug = content::normalize_slug(raw_slug)
        .map_err(|message| Failure::usage(format!("bad slug: {message}")))?;
    let title = title.trim();
    if title.is_empty() {
        return Err(Failure::usage("the title must not be empty"));
    }

    let mut fields = serde_yaml::Mapping::new();
    fields.insert("title".into(), title.into());
    if !is_page {
        fields.insert("category".into(), category.into());
        fields.insert("written".into(), now_in(config)?.into());
    }
    fields.insert("draft".into(), true.into());
    let relative = Path::new(CONTENT_DIR)
        .join(code)
        .join(category)
        .join(format!("{slug}.md"));
    write_new(root, &relative, &fields)?;
    Ok(relative)
}

/// Writes the `language` version of the story in `source` at the same path below the language
/// folder (which links the two as translations) and returns that path (relative to the root).
pub fn translate(
    root: &Path,
    config: &SiteConfig,
    source: &Path,
    language: &str,
    title: Option<&str>,
) -> Result<PathBuf, Failure> {
    check_language(config, language)?;
    let (source_relative, below_language) = locate_original(root, source, language)?;
    let original = read_front_matter(root, &source_relative)?;
    let original_title = original
        .0
        .iter()
        .find(|(key, _)| key == "title")
        .and_then(|(_, value)| value.as_str())
        .unwrap_or("")
        .trim()
        .to_string();
    let title = match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => title.to_string(),
        None => format!("{PLACEHOLDER_PREFIX}{original_title}"),
    };

    let mut fields = serde_yaml::Mapping::new();
    fields.insert("title".into(), title.into());
    for key in CARRIED_OVER {
        if let Some((_, value)) = original.0.iter().find(|(k, _)| k == key)
            && !value.is_null()
        {
            fields.insert(key.into(), to_translate(key, value));
        }
    }
    fields.insert("draft".into(), true.into());
    let relative = Path::new(CONTENT_DIR).join(language).join(&below_language);
    write_new(root, &relative, &fields)?;
    Ok(relative)
}

/// A carried-over value with every text a reader sees in the original's language marked
/// `TRANSLATE: `: the summary, each tag, the photo's alt text and caption (not its file or credit).
fn to_translate(key: &str, value: &Value) -> Value {
    let mark = |value: &Value| match value.as_str() {
        Some(text) if !text.trim().is_empty() => Value::from(format!("{PLACEHOLDER_PREFIX}{text}")),
        _ => value.clone(),
    };
    match (key, value) {
        ("summary", _) => mark(value),
        ("tags", Value::Sequence(tags)) => Value::Sequence(tags.iter().map(mark).collect()),
        ("photo", Value::Mapping(photo)) => Value::Mapping(
            photo
                .iter()
                .map(|(field, v)| {
                    let shown = matches!(field.as_str(), Some("alt" | "caption"));
                    (field.clone(), if shown { mark(v) } else { v.clone() })
                })
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// The original's path relative to the root, and below its language folder; refused when it is
/// not a story of another language.
fn locate_original(
    root: &Path,
    source: &Path,
    language: &str,
) -> Result<(PathBuf, PathBuf), Failure> {
    let source_relative = relative_to_root(root, source)?;
    let mut below_content = source_relative
        .strip_prefix(CONTENT_DIR)
        .map_err(|_| {
            Failure::usage(format!(
                "{} is not below {CONTENT_DIR}/ of the site",
                display_path(source)
            ))
        })?
        .components();
    let source_language = match below_content.next() {
        Some(Component::Normal(code)) => code.to_string_lossy().into_owned(),
        _ => {
            return Err(Failure::usage(format!(
                "{} is not in a language folder",
                display_path(source)
            )));
        }
    };
    let rest: PathBuf = below_content.collect();
    if rest.as_os_str().is_empty() || !content::is_markdown(&rest) {
        return Err(Failure::usage(format!(
            "{} is not a Markdown file of a story",
            display_path(source)
        )));
    }
    if source_language == language {
        return Err(Failure::usage(format!(
            "{} is already in '{language}'; name another language",
            display_path(&source_relative)
        )));
    }
    Ok((source_relative, rest))
}

/// The original's front-matter, its fields in their order.
fn read_front_matter(root: &Path, source_relative: &Path) -> Result<OrderedMap<Value>, Failure> {
    let text = std::fs::read_to_string(root.join(source_relative)).map_err(|err| {
        Failure::at(
            Location::file(source_relative),
            format!("cannot read the story: {err}"),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = text.replace("\r\n", "\n");
    let split = frontmatter::split(&text).map_err(|problem| {
        Failure::at(
            Location::line(source_relative, problem.line),
            problem.message,
        )
    })?;
    yaml::parse(split.front_matter).map_err(|err| {
        Failure::at(
            Location {
                path: source_relative.to_path_buf(),
                line: err.line.map(|l| l + split.first_line - 1),
                column: err.column,
            },
            format!("the front-matter is not valid YAML: {}", err.message),
        )
    })
}

fn check_language(config: &SiteConfig, code: &str) -> Result<(), Failure> {
    if config.language(code).is_some() {
        return Ok(());
    }
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    Err(Failure::at(
        Location::file(config::SITE_FILE),
        format!(
            "'{code}' is not a language of the site ({}); add it to languages in site.yaml first",
            codes.join(", ")
        ),
    ))
}

/// "Now" in the site's time zone, as `written` is written: `SOURCE_DATE_EPOCH` where set.
fn now_in(config: &SiteConfig) -> Result<String, Failure> {
    let now = crate::clock::now().map_err(Failure::usage)?;
    Ok(now
        .with_timezone(&config.timezone)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string())
}

/// The path of a file given on the command line, relative to the site root. It may be given
/// relative to the current folder or to the root.
fn relative_to_root(root: &Path, path: &Path) -> Result<PathBuf, Failure> {
    let candidates = [root.join(path), path.to_path_buf()];
    let Some(found) = candidates.iter().find(|p| p.is_file()) else {
        return Err(Failure::usage(format!(
            "{} does not exist (give it relative to the site root, such as content/id/politics/story.md)",
            display_path(path)
        )));
    };
    let real_root = std::fs::canonicalize(root).map_err(|err| {
        Failure::usage(format!(
            "cannot open the site folder {}: {err}",
            root.display()
        ))
    })?;
    let real = std::fs::canonicalize(found)
        .map_err(|err| Failure::usage(format!("cannot open {}: {err}", display_path(path))))?;
    real.strip_prefix(&real_root)
        .map(Path::to_path_buf)
        .map_err(|_| {
            Failure::usage(format!(
                "{} is not inside the site folder {}",
                display_path(path),
                root.display()
            ))
        })
}

/// Writes `---`, the fields, `---` and the body into a file that must not exist yet.
fn write_new(root: &Path, relative: &Path, fields: &serde_yaml::Mapping) -> Result<(), Failure> {
    let yaml = serde_yaml::to_string(fields)
        .map_err(|err| Failure::usage(format!("cannot write the front-matter: {err}")))?;
    let text = format!("---\n{yaml}---\n");
    let path = root.join(relative);
    let failed = |err: std::io::Error| {
        Failure::at(
            Location::file(relative),
            format!("cannot write the file: {err}"),
        )
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                Failure::at(
                    Location::file(relative),
                    "this file already exists; it was left as it was (choose another slug, or edit it)",
                )
            } else {
                failed(err)
            }
        })?;
    file.write_all(text.as_bytes()).map_err(failed)
}
