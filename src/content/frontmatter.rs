//! Splitting a content file into front-matter and body, and checking every field into types.
//!
//! Fields are read one by one from the parsed mapping so that each problem can point at the line
//! of its own key, and so that an unknown field is a warning (with a suggestion) rather than an
//! error. Each problem carries a kind, which callers decide on; its message is for people.

use crate::diagnostics::{Severity, nearest};
use crate::yaml::{self, OrderedMap, Value};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::DeserializeOwned;

pub const ARTICLE_FIELDS: [&str; 18] = [
    "title",
    "category",
    "written",
    "updated",
    "summary",
    "author",
    "photo",
    "tags",
    "slug",
    "translation_key",
    "editor_pick",
    "draft",
    "aliases",
    "extra",
    "corrections",
    "expires",
    "withdrawn",
    "withdrawn_note",
];
pub const PAGE_FIELDS: [&str; 7] = [
    "title",
    "slug",
    "summary",
    "translation_key",
    "draft",
    "aliases",
    "extra",
];

/// The start of the message for front-matter that YAML cannot read.
const NOT_YAML: &str = "the front-matter is not valid YAML";

/// A problem in one file: its 1-based line (within the whole file) where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub severity: Severity,
    pub kind: ProblemKind,
}

/// What a problem is about, for the decisions taken on it; the message is only for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The bytes are not text: not UTF-8, or a NUL byte.
    Encoding,
    /// The file is empty, or its front-matter block is missing or not closed.
    NoFrontMatter,
    /// The front-matter is not YAML, so it has no fields to check.
    NotYaml,
    /// A field this kind of file does not take; it is ignored.
    UnknownField,
    /// The value of a known field cannot be read (wrong type, a control character, not a date):
    /// the field counts as absent, and is not reported again as missing.
    Unreadable { field: String },
    /// A field that was read but does not fit: required and missing, an unknown category, a bad
    /// slug, alias or photo, a photo without alt text.
    Invalid,
}

/// The front-matter text and the body of a file, with the line the front-matter starts on.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Line of the file on which the front-matter's first line stands (after the opening `---`).
    pub first_line: usize,
    pub body: &'a str,
}

/// Expects LF line endings (the caller normalises CRLF).
pub fn split(text: &str) -> Result<Split<'_>, FieldProblem> {
    let problem = |line, message: &str| FieldProblem {
        line: Some(line),
        column: Some(1),
        message: message.to_string(),
        severity: Severity::Error,
        kind: ProblemKind::NoFrontMatter,
    };
    if text.trim().is_empty() {
        return Err(problem(
            1,
            "the file is empty; an article starts with front-matter between two '---' lines",
        ));
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(problem(
            1,
            "no front-matter: the file must start with a line '---', then the fields (title, category, written, ...), then another '---'",
        ));
    }
    let rest = &text[(first_line_end + 1).min(text.len())..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let content = line.trim_end();
        if content == "---" || content == "..." {
            return Ok(Split {
                front_matter: &rest[..offset],
                first_line: 2,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(problem(
        1,
        "the front-matter is not closed: add a line '---' after its last field",
    ))
}

/// The fields of an article or page, checked but not yet resolved against the site (category keys
/// and photo files are checked by the caller, which knows the site).
#[derive(Debug, Default)]
pub struct Fields {
    pub title: Option<String>,
    pub category: Option<String>,
    pub written: Option<DateTime<FixedOffset>>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub summary: Option<String>,
    /// One or more names or author keys, as written.
    pub author: Vec<String>,
    pub photo: Option<RawPhoto>,
    pub tags: Vec<String>,
    pub slug: Option<String>,
    pub translation_key: Option<String>,
    pub editor_pick: bool,
    pub draft: bool,
    pub aliases: Vec<String>,
    /// `extra:`, any fields for the templates, as JSON (what templates read).
    pub extra: serde_json::Value,
    /// Dated corrections, in the order written; dates parsed like `written`.
    pub corrections: Vec<(DateTime<FixedOffset>, String)>,
    pub expires: Option<DateTime<FixedOffset>>,
    pub withdrawn: bool,
    pub withdrawn_note: Option<String>,
}

/// One entry of `corrections:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrection {
    date: Value,
    text: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhoto {
    pub src: String,
    #[serde(default)]
    pub alt: String,
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub credit: String,
    /// The size of a remote photo, so its place is kept while it loads (local photos are
    /// measured).
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Where the fields of one file are, so later checks can point at a key's line.
pub struct FieldLines<'a> {
    front_matter: &'a str,
    first_line: usize,
}

impl FieldLines<'_> {
    fn of(&self, key: &str) -> Option<usize> {
        yaml::key_line(self.front_matter, key).map(|line| line + self.first_line - 1)
    }

    /// The line of the file, from `key`'s line on, that holds `value` (an item of a list, a field
    /// of a mapping), for messages about one part of a field.
    pub fn value_line(&self, key: &str, value: &str) -> Option<usize> {
        let key_line = yaml::key_line(self.front_matter, key)?;
        self.front_matter
            .lines()
            .enumerate()
            .skip(key_line - 1)
            .find(|(_, line)| line.contains(value))
            .map(|(index, _)| index + self.first_line)
    }
}

/// Records problems against the line of the key they concern (the opening `---` when the key is
/// absent).
pub struct Reporter<'l, 'p> {
    lines: &'l FieldLines<'l>,
    problems: &'p mut Vec<FieldProblem>,
}

impl<'l, 'p> Reporter<'l, 'p> {
    pub fn new(lines: &'l FieldLines<'l>, problems: &'p mut Vec<FieldProblem>) -> Self {
        Reporter { lines, problems }
    }

    fn push(&mut self, key: &str, severity: Severity, kind: ProblemKind, message: String) {
        self.problems.push(FieldProblem {
            line: self
                .lines
                .of(key)
                .or(Some(self.lines.first_line.saturating_sub(1).max(1))),
            column: Some(1),
            message,
            severity,
            kind,
        });
    }

    /// The line of a part of a field (see `FieldLines::value_line`), or else of the field.
    pub fn line_of(&self, key: &str, value: &str) -> Option<usize> {
        self.lines.value_line(key, value).or(self.lines.of(key))
    }

    pub fn warning(&mut self, key: &str, message: String) {
        self.push(key, Severity::Warning, ProblemKind::Invalid, message);
    }

    /// A warning at the line of a part of a field.
    pub fn warning_at(&mut self, key: &str, value: &str, message: String) {
        self.push(key, Severity::Warning, ProblemKind::Invalid, message);
        if let (Some(line), Some(problem)) = (self.line_of(key, value), self.problems.last_mut()) {
            problem.line = Some(line);
        }
    }

    /// A field that was read but does not fit.
    pub fn error(&mut self, key: &str, message: String) {
        self.push(key, Severity::Error, ProblemKind::Invalid, message);
    }

    /// A problem in the body, at its own line and column of the file.
    pub fn body_error(&mut self, line: usize, column: usize, message: String) {
        self.problems.push(FieldProblem {
            line: Some(line),
            column: Some(column),
            message,
            severity: Severity::Error,
            kind: ProblemKind::Invalid,
        });
    }

    /// A problem at a line of the file's body, which no front-matter key names.
    pub fn error_at_line(&mut self, line: usize, message: String) {
        self.body_error(line, 1, message);
    }

    /// A field whose value cannot be read; see `refused`.
    fn refuse(&mut self, key: &str, message: String) {
        let kind = ProblemKind::Unreadable {
            field: key.to_string(),
        };
        self.push(key, Severity::Error, kind, message);
    }

    /// Whether the value of `key` could not be read; it was reported then, so a check that finds
    /// the field absent need not report it again.
    pub fn refused(&self, key: &str) -> bool {
        self.problems
            .iter()
            .any(|p| matches!(&p.kind, ProblemKind::Unreadable { field } if field == key))
    }

    /// Deserialises one field's value, reporting a type mismatch at the key's line.
    fn field<T: DeserializeOwned>(&mut self, key: &str, value: &Value) -> Option<T> {
        match serde_yaml::from_value::<T>(value.clone()) {
            Ok(v) => Some(v),
            Err(err) => {
                self.refuse(
                    key,
                    format!("'{key}': {}", explain_type_error(key, &err.to_string())),
                );
                None
            }
        }
    }
}

/// Parses and checks the front-matter. `known` lists the fields this kind of file takes.
pub fn parse_fields<'a>(
    split: &Split<'a>,
    known: &[&str],
    site_timezone: Tz,
    problems: &mut Vec<FieldProblem>,
) -> (Fields, FieldLines<'a>) {
    let lines = FieldLines {
        front_matter: split.front_matter,
        first_line: split.first_line,
    };
    let mut fields = Fields::default();
    let mapping: OrderedMap<Value> = match yaml::parse(split.front_matter) {
        Ok(mapping) => mapping,
        Err(err) => {
            problems.push(FieldProblem {
                line: err
                    .line
                    .map(|l| l + split.first_line - 1)
                    .or(Some(split.first_line)),
                column: err.column,
                message: format!("{NOT_YAML}: {}", err.message),
                severity: Severity::Error,
                kind: ProblemKind::NotYaml,
            });
            return (fields, lines);
        }
    };
    let mut report = Reporter {
        lines: &lines,
        problems,
    };

    for (key, value) in &mapping.0 {
        if !known.contains(&key.as_str()) {
            let hint = nearest(key, known)
                .map(|k| format!("; did you mean '{k}'?"))
                .unwrap_or_else(|| format!("; the known fields are {}", known.join(", ")));
            let message = format!(
                "unknown field '{key}' is ignored{hint} (fields of your own for the templates go under 'extra:')"
            );
            report.push(key, Severity::Warning, ProblemKind::UnknownField, message);
            continue;
        }
        if value.is_null() {
            continue;
        }
        if has_control_characters(value) {
            report.refuse(
                key,
                format!("'{key}' contains a control character (such as \\0 or \\x07); remove it"),
            );
            continue;
        }
        read_field(&mut fields, key, value, site_timezone, &mut report);
    }
    (fields, lines)
}

/// Reads the value of one known field into `fields`; a value that cannot be read leaves the
/// field at its default.
fn read_field(
    fields: &mut Fields,
    key: &str,
    value: &Value,
    site_timezone: Tz,
    report: &mut Reporter,
) {
    match key {
        "title" => fields.title = report.field(key, value),
        "category" => fields.category = report.field(key, value),
        "summary" => fields.summary = report.field(key, value),
        "author" => fields.author = author(value, report),
        "slug" => fields.slug = report.field(key, value),
        "translation_key" => fields.translation_key = report.field(key, value),
        "editor_pick" => fields.editor_pick = report.field(key, value).unwrap_or(false),
        "draft" => fields.draft = report.field(key, value).unwrap_or(false),
        "tags" => fields.tags = report.field(key, value).unwrap_or_default(),
        "aliases" => fields.aliases = report.field(key, value).unwrap_or_default(),
        "photo" => fields.photo = report.field(key, value),
        "extra" => match yaml::extra_fields(value) {
            Ok(extra) => fields.extra = extra,
            Err(message) => report.refuse(key, message),
        },
        "withdrawn" => fields.withdrawn = report.field(key, value).unwrap_or(false),
        "withdrawn_note" => fields.withdrawn_note = report.field(key, value),
        "corrections" => fields.corrections = corrections(value, site_timezone, report),
        "written" | "updated" | "expires" => {
            let Some(date) = date_field(key, value, site_timezone, report) else {
                return;
            };
            match key {
                "written" => fields.written = Some(date),
                "updated" => fields.updated = Some(date),
                _ => fields.expires = Some(date),
            }
        }
        _ => {}
    }
}

/// `author: Name` or `author: [key-one, Name Two]`.
fn author(value: &Value, report: &mut Reporter) -> Vec<String> {
    if value.is_sequence() {
        return report.field("author", value).unwrap_or_default();
    }
    report
        .field::<String>("author", value)
        .into_iter()
        .collect()
}

/// A date field, reported at `key` when it is not a date.
fn date_field(
    key: &str,
    value: &Value,
    site_timezone: Tz,
    report: &mut Reporter,
) -> Option<DateTime<FixedOffset>> {
    let Some(text) = date_text(value) else {
        report.refuse(key, format!("'{key}' must be a date and time, such as 2024-10-22 15:06 (site time zone) or 2024-10-22T15:06:52+09:00"));
        return None;
    };
    super::dates::parse(&text, site_timezone)
        .map_err(|message| report.refuse(key, format!("'{key}': {message}")))
        .ok()
}

/// `corrections:` a list of `{date, text}`; every bad entry is reported, the good ones kept.
fn corrections(
    value: &Value,
    site_timezone: Tz,
    report: &mut Reporter,
) -> Vec<(DateTime<FixedOffset>, String)> {
    const SHAPE: &str =
        "write each correction as '- date: 2024-10-22 15:06' with 'text: ...' below it";
    let Some(entries) = report.field::<Vec<Value>>("corrections", value) else {
        return Vec::new();
    };
    let mut corrections = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let number = index + 1;
        let Ok(raw) = serde_yaml::from_value::<RawCorrection>(entry.clone()) else {
            report.refuse(
                "corrections",
                format!("'corrections': correction {number} needs a 'date' and a 'text'; {SHAPE}"),
            );
            continue;
        };
        let text = raw.text.trim().to_string();
        if text.is_empty() {
            report.refuse(
                "corrections",
                format!(
                    "'corrections': correction {number} has an empty 'text'; say what was corrected"
                ),
            );
            continue;
        }
        let Some(date) = date_text(&raw.date) else {
            report.refuse(
                "corrections",
                format!("'corrections': correction {number}: 'date' must be a date; {SHAPE}"),
            );
            continue;
        };
        match super::dates::parse(&date, site_timezone) {
            Ok(date) => corrections.push((date, text)),
            Err(message) => report.refuse(
                "corrections",
                format!("'corrections': correction {number}: {message}"),
            ),
        }
    }
    corrections
}

/// serde's "invalid type: integer `2024`, expected a string" in an editor's words.
// Chosen on serde's wording: its errors carry the expected type only as text, and the target
// type alone cannot say it (a list of tags fails on an item, where a string is expected).
fn explain_type_error(key: &str, message: &str) -> String {
    let message = message.replace('`', "'");
    let expected = message.rsplit("expected ").next().unwrap_or_default();
    let advice = if expected.starts_with("a string") {
        "write text; put values such as 2024, yes or 12:30 in quotes".to_string()
    } else if expected.starts_with("a boolean") {
        "write true or false".to_string()
    } else if expected.starts_with("a sequence") {
        format!("write a list, such as {key}: [first, second]")
    } else if expected.contains("RawPhoto") || expected.starts_with("struct") {
        "write the photo's fields on their own lines: src, alt, caption, credit".to_string()
    } else {
        return message;
    };
    let found = message
        .strip_prefix("invalid type: ")
        .and_then(|m| m.split(", expected").next())
        .map(|found| format!("found {found}; "))
        .unwrap_or_default();
    format!("{found}{advice}")
}

/// Text fields may hold any character a reader can see, but no control characters: a YAML
/// escape such as "\0" must not put a NUL byte into the pages.
fn has_control_characters(value: &Value) -> bool {
    match value {
        Value::String(s) => s
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
        Value::Sequence(items) => items.iter().any(has_control_characters),
        Value::Mapping(map) => map
            .iter()
            .any(|(k, v)| has_control_characters(k) || has_control_characters(v)),
        Value::Tagged(tagged) => has_control_characters(&tagged.value),
        _ => false,
    }
}

/// Dates may be written bare (`2024-10-22 15:06:52`) or quoted; both reach here as text.
fn date_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        _ => None,
    }
}
