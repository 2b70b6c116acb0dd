//! Loading `templates/` into Tera, with the functions templates call (`t`, `asset`, ...), and
//! reporting template errors at their place.

use super::template_hints::with_hint;
use super::views::encode_path;
use crate::config::{Consent, I18n};
use crate::diagnostics::{Diagnostics, Location};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Kwargs, State, Tera, Value};

pub const TEMPLATES_DIR: &str = "templates";
const REQUIRED_TEMPLATES: [&str; 10] = [
    "tags.html",
    "tag.html",
    "archives.html",
    "archive.html",
    "root.html",
    "front.html",
    "category.html",
    "article.html",
    "page.html",
    "404.html",
];

/// The loaded templates, with their sources kept for the i18n key check.
pub struct Templates {
    pub(super) tera: Tera,
    pub(super) sources: BTreeMap<String, String>,
}

impl Templates {
    /// Every template's name and source, in name order: what a page's look depends on.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(n, s)| (n.as_str(), s.as_str()))
    }
}

/// A static file's URL suffix for cache busting, by path below `static/`.
pub type AssetVersions = BTreeMap<String, String>;

/// Reads every file below `templates/`. Each template's syntax is checked on its own first, so that
/// all broken templates are reported, not only the first.
pub fn load_templates(
    root: &Path,
    i18n: Arc<I18n>,
    assets: Arc<AssetVersions>,
    base_path: String,
    diagnostics: &mut Diagnostics,
) -> Option<Templates> {
    let dir = root.join(TEMPLATES_DIR);
    let mut sources = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read_to_string(entry.path()) {
            Ok(source) => {
                sources.insert(name, source);
            }
            Err(err) => diagnostics.error(
                Location::file(Path::new(TEMPLATES_DIR).join(&name)),
                format!("cannot read the template: {err}"),
            ),
        }
    }
    let errors_before = diagnostics.error_count();
    for name in REQUIRED_TEMPLATES {
        if !sources.contains_key(name) {
            diagnostics.error(
                Location::file(Path::new(TEMPLATES_DIR).join(name)),
                "this template is missing; every site needs it (see README.md, Templates)",
            );
        }
    }
    // Syntax first, each template on its own, so every broken template is reported. References to
    // other templates are checked below, once all are loaded.
    let mut with_functions = Tera::new();
    register_functions(
        &mut with_functions,
        Arc::clone(&i18n),
        Arc::clone(&assets),
        base_path.clone(),
    );
    check_each_template(&with_functions, &sources, diagnostics);
    if diagnostics.error_count() > errors_before {
        return None;
    }

    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    register_functions(&mut tera, i18n, assets, base_path);
    if let Err(err) = tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
    {
        report_template_error(&err, None, Some(&sources), diagnostics);
        return None;
    }
    Some(Templates { tera, sources })
}

/// Each template's syntax on its own, so that every broken template is reported; then the
/// misspelt names of the others.
fn check_each_template(
    with_functions: &Tera,
    sources: &BTreeMap<String, String>,
    diagnostics: &mut Diagnostics,
) {
    let mut broken = Vec::new();
    for (name, source) in sources {
        let mut alone = Tera::new();
        alone.register_from(with_functions);
        if let Err(err) = alone.add_raw_template(name, source)
            && matches!(err.kind(), tera::ErrorKind::SyntaxError(_))
        {
            report_template_error(&err, Some(name), Some(sources), diagnostics);
            broken.push(name.as_str());
        }
    }
    if !broken.is_empty() {
        report_unknown_names(with_functions, sources, &broken, diagnostics);
    }
}

/// With some templates broken, the others' misspelt filters, tests and functions are reported
/// too, so that one build names every mistake: the broken ones are stood in for by empty
/// templates, which every `extends` and `include` of them finds.
fn report_unknown_names(
    with_functions: &Tera,
    sources: &BTreeMap<String, String>,
    broken: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let mut rest = Tera::new();
    rest.register_from(with_functions);
    let stood_in = sources.iter().map(|(name, source)| {
        let source = if broken.contains(&name.as_str()) {
            ""
        } else {
            source
        };
        (name.as_str(), source)
    });
    let Err(err) = rest.add_raw_templates(stood_in) else {
        return;
    };
    for (location, message) in split_reports(&full_message(&err)) {
        let misspelt = ["Unknown filter", "Unknown test", "Unknown function"]
            .iter()
            .any(|kind| message.starts_with(kind));
        if misspelt {
            diagnostics.error(location, with_hint(&message, None, 0, 0));
        }
    }
}

fn register_functions(
    tera: &mut Tera,
    i18n: Arc<I18n>,
    assets: Arc<AssetVersions>,
    base_path: String,
) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let language = state
                .get::<Value>("lang")?
                .and_then(|lang| {
                    lang.as_map().and_then(|m| {
                        m.get(&tera::value::Key::Str("code"))
                            .and_then(|c| c.as_str().map(str::to_string))
                    })
                })
                .unwrap_or_else(|| i18n.default_language.clone());
            // `count` picks the plural form the language's CLDR rules give for the number.
            let count: Option<i64> = kwargs.get("count")?;
            let text = match count {
                Some(count) => i18n.plural(&language, &key, count.unsigned_abs()),
                None => i18n.get(&language, &key).map(str::to_string),
            };
            text.ok_or_else(|| {
                tera::Error::message(format!(
                    "unknown UI string '{key}': add it to {}",
                    crate::diagnostics::display_path(&i18n.source)
                ))
            })
        },
    );
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            let path = path.trim_start_matches('/');
            match assets.get(path) {
                Some(version) => Ok(format!("{base_path}{}?v={version}", encode_path(path))),
                None => Err(tera::Error::message(format!(
                    "asset '{path}' does not exist: there is no static/{path}"
                ))),
            }
        },
    );
}

/// Tera's errors carry the template and position; they become `templates/<name>:line:col`.
pub(super) fn report_template_error(
    err: &tera::Error,
    name: Option<&str>,
    sources: Option<&BTreeMap<String, String>>,
    diagnostics: &mut Diagnostics,
) {
    let source_of = |file: &str| sources.and_then(|s| s.get(file)).map(String::as_str);
    let (location, message) = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = if report.filename().is_empty() {
                name.unwrap_or_default()
            } else {
                report.filename()
            };
            let span = report.span();
            let mut message = with_hint(
                report.message(),
                source_of(file),
                span.start_line,
                span.start_col + 1,
            );
            if let Some(source) = std::error::Error::source(err) {
                message = format!("{message}: {source}");
            }
            (
                Location::at(
                    Path::new(TEMPLATES_DIR).join(file),
                    report.span().start_line,
                    report.span().start_col + 1,
                ),
                message,
            )
        }
        _ => {
            let message = full_message(err);
            // Tera gathers its reference checks (unknown functions, filters, includes) into one
            // message of several reports; each becomes a diagnostic of its own.
            let reports = split_reports(&message);
            if !reports.is_empty() {
                for (location, message) in reports {
                    let message = with_hint(&message, None, 0, 0);
                    diagnostics.error(location, message);
                }
                return;
            }
            let path = name.map_or_else(
                || PathBuf::from(TEMPLATES_DIR),
                |n| Path::new(TEMPLATES_DIR).join(n),
            );
            (
                Location::file(path),
                message.lines().next().unwrap_or_default().to_string(),
            )
        }
    };
    diagnostics.error(location, message);
}

/// The error with the errors it wraps, outermost first.
fn full_message(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message = format!("{message}: {inner}");
        source = inner.source();
    }
    message
}

/// Reads `error: MESSAGE` followed by `--> NAME:LINE:COL` out of Tera's rendered reports.
fn split_reports(text: &str) -> Vec<(Location, String)> {
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("error: ") {
            message = Some(rest);
        } else if let Some(place) = line.trim_start().strip_prefix("--> ")
            && let Some(current) = message.take()
        {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse::<usize>().ok());
            let line_number = parts.next().and_then(|l| l.parse::<usize>().ok());
            if let (Some(column), Some(line_number), Some(name)) =
                (column, line_number, parts.next())
            {
                found.push((
                    Location::at(Path::new(TEMPLATES_DIR).join(name), line_number, column),
                    current.to_string(),
                ));
            }
        }
    }
    found
}

/// Every `t(key="...")` with a literal key must resolve in the default language; other languages
/// fall back to it (with warnings from the i18n loader).
pub fn check_ui_strings(templates: &Templates, i18n: &I18n, diagnostics: &mut Diagnostics) {
    // An unreadable default file is one error already; a missing-key error per template call
    // would only bury it.
    if i18n
        .strings
        .get(&i18n.default_language)
        .is_none_or(|s| s.is_empty())
    {
        return;
    }
    for (name, source) in &templates.sources {
        for (line, column, key) in literal_keys(source) {
            if i18n.get(&i18n.default_language, &key).is_none() {
                diagnostics.error(
                    Location::at(Path::new(TEMPLATES_DIR).join(name), line, column),
                    format!(
                        "the UI string '{key}' is in no i18n file of the default language; add `{key}: ...` to {}",
                        crate::diagnostics::display_path(&i18n.source)
                    ),
                );
            }
        }
    }
}

/// Every `data-consent="..."` of a template (a gated script) must name a declared purpose: a typo
/// would leave the script waiting for a consent no reader can give.
pub fn check_consent_keys(templates: &Templates, consent: &Consent, diagnostics: &mut Diagnostics) {
    for (name, source) in &templates.sources {
        for (line, column, key) in consent_keys(source) {
            if consent.purpose(&key).is_none() {
                diagnostics.error(
                    Location::at(Path::new(TEMPLATES_DIR).join(name), line, column),
                    format!(
                        "data-consent=\"{key}\" names no consent purpose; declare '{key}' under consent.categories in site.yaml or use one of: {}",
                        consent.purpose_keys()
                    ),
                );
            }
        }
    }
}

/// `(line, column, key)` of each `data-consent="key"` attribute (not `data-consent-open` and the
/// like, which are the snippet's own controls).
fn consent_keys(source: &str) -> Vec<(usize, usize, String)> {
    const ATTRIBUTE: &str = "data-consent=";
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        for (start, _) in line.match_indices(ATTRIBUTE) {
            let after = &line[start + ATTRIBUTE.len()..];
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
            let value = match quote {
                Some(q) => after[1..].split(q).next().unwrap_or_default(),
                None => after.split([' ', '>', '/']).next().unwrap_or_default(),
            };
            found.push((index + 1, start + 1, value.to_string()));
        }
    }
    found
}

/// `(line, column, key)` of each `t(key="...")` call with a literal key.
fn literal_keys(source: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(start) = rest.find("t(key=") {
            let preceded_by_word = rest[..start]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let after = &rest[start + 6..];
            if let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'')
                && let Some(end) = after[1..].find(quote)
                && !preceded_by_word
            {
                found.push((index + 1, offset + start + 1, after[1..1 + end].to_string()));
            }
            offset += start + 6;
            rest = &rest[start + 6..];
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_keys_are_found_with_positions_and_controls_are_not() {
        let keys = consent_keys(
            "<button data-consent-open>\n  <script type=\"text/plain\" data-consent=\"ads\"></script> <b data-consent='x'>",
        );
        assert_eq!(
            keys,
            vec![(2, 29, "ads".to_string()), (2, 61, "x".to_string())]
        );
    }

    #[test]
    fn literal_keys_are_found_with_positions() {
        let keys = literal_keys(
            "<a>{{ t(key=\"go_top\") }}</a>\n{{ t(key='close') }} {{ at(key=\"x\") }}",
        );
        assert_eq!(
            keys,
            vec![(1, 7, "go_top".to_string()), (2, 4, "close".to_string())]
        );
    }
}
