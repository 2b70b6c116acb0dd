//! Turning checked front-matter fields into the values of an article or page: title, slug,
//! translation key, aliases, summary, category, dates, photo and tags, each checked against the
//! rules of URLs and of the site.

use super::frontmatter::{Fields, RawPhoto, Reporter};
use super::{Byline, Correction, Photo, PhotoSource, STATIC_DIR, markdown};
use crate::config::SiteConfig;
use chrono::{DateTime, FixedOffset};
use std::path::{Component, Path};

pub(super) fn title(fields: &Fields, report: &mut Reporter) -> String {
    let title = fields
        .title
        .clone()
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    // A title of the wrong type was already reported (as was any field's); no second error.
    if title.is_empty() && !report.refused("title") {
        report.error(
            "title",
            "'title' is required and must not be empty".to_string(),
        );
    }
    title
}

/// From `slug`, or else from the file name.
pub(super) fn slug(fields: &Fields, relative: &Path, report: &mut Reporter) -> String {
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match normalize_slug(fields.slug.as_deref().unwrap_or(&stem)) {
        Ok(slug) => slug,
        // Without a `slug` field, the file name is at fault; it has no line, so point at the title.
        Err(message) if fields.slug.is_none() => {
            report.error(
                "title",
                format!(
                    "the file name gives the slug, but {message}; rename the file or set 'slug'"
                ),
            );
            String::new()
        }
        Err(message) => {
            report.error("slug", format!("'slug': {message}"));
            String::new()
        }
    }
}

/// From `translation_key`, or else the path below the language folder without its extension
/// (`politics/nato-call`), which the translations of a story share.
pub(super) fn translation_key(fields: &Fields, below_language: &Path) -> String {
    fields.translation_key.clone().unwrap_or_else(|| {
        below_language
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    })
}

/// The aliases, each with the line it is written on (for an alias that collides later).
pub(super) fn aliases(fields: &Fields, report: &mut Reporter) -> (Vec<String>, Vec<usize>) {
    let mut aliases = Vec::new();
    let mut lines = Vec::new();
    for alias in &fields.aliases {
        match normalize_alias(alias) {
            Ok(normalized) => {
                aliases.push(normalized);
                lines.push(report.line_of("aliases", alias.trim()).unwrap_or(1));
            }
            Err(message) => report.error("aliases", format!("alias '{alias}': {message}")),
        }
    }
    (aliases, lines)
}

/// The editor's summary, or the first paragraph of the body.
pub(super) fn summary(fields: &Fields, body: &str) -> String {
    fields
        .summary
        .clone()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| markdown::first_paragraph_text(body))
}

/// An article's category, which must be one of site.yaml.
pub(super) fn category(fields: &Fields, config: &SiteConfig, report: &mut Reporter) -> String {
    let Some(category) = fields.category.clone() else {
        if !report.refused("category") {
            report.error(
                "category",
                "'category' is required: one of the category keys in site.yaml".to_string(),
            );
        }
        return String::new();
    };
    if config.category(&category).is_none() {
        let keys: Vec<&str> = config.categories.iter().map(|c| c.key.as_str()).collect();
        let hint = crate::diagnostics::nearest(&category, &keys)
            .map(|k| format!("did you mean '{k}'? "))
            .unwrap_or_default();
        report.error(
            "category",
            format!(
                "unknown category '{category}'; {hint}the categories are: {}",
                keys.join(", ")
            ),
        );
    }
    category
}

/// `written`, which an article must have, and `updated`, which is `written` unless it is later.
pub(super) fn dates(
    fields: &Fields,
    report: &mut Reporter,
) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
    let (written, updated) = (fields.written, fields.updated);
    if written.is_none() && !report.refused("written") {
        report.error("written", "'written' is required: the date and time the story was written, such as 2024-10-22 15:06".to_string());
    }
    if let (Some(written), Some(updated)) = (written, updated)
        && updated < written
    {
        report.error("updated",
            format!(
                "'updated' ({}) is earlier than 'written' ({}); an update comes after the story was written",
                updated.to_rfc3339(),
                written.to_rfc3339()
            ),
        );
    }
    let written = written.unwrap_or_default();
    (written, updated.unwrap_or(written))
}

/// Each name of `author`: a declared author by key (or by their name in this language), else
/// free text as written. A near miss of a key is a warning, since it was probably meant.
pub(super) fn bylines(
    fields: &Fields,
    language: &str,
    config: &SiteConfig,
    report: &mut Reporter,
) -> Vec<Byline> {
    let keys: Vec<&str> = config.authors.iter().map(|a| a.key.as_str()).collect();
    let mut bylines = Vec::new();
    for written in &fields.author {
        let written = written.trim();
        if written.is_empty() {
            continue;
        }
        let declared = config.author(written).or_else(|| {
            config
                .authors
                .iter()
                .find(|a| a.names.get(language).map(String::as_str) == Some(written))
        });
        let byline = match declared {
            Some(author) => Byline {
                name: author.names.get(language).cloned().unwrap_or_default(),
                key: Some(author.key.clone()),
            },
            None => {
                let slug_like = !written.contains(' ') && written == written.to_lowercase();
                if let Some(near) =
                    crate::diagnostics::nearest(written, &keys).filter(|_| slug_like)
                {
                    report.warning_at(
                        "author",
                        written,
                        format!("'{written}' is not a declared author and is shown as written; did you mean '{near}'?"),
                    );
                }
                Byline {
                    name: written.to_string(),
                    key: None,
                }
            }
        };
        if !bylines.contains(&byline) {
            bylines.push(byline);
        }
    }
    bylines
}

/// The corrections oldest first; one dated before the story was written is an error.
pub(super) fn corrections(
    fields: &Fields,
    written: DateTime<FixedOffset>,
    report: &mut Reporter,
) -> Vec<Correction> {
    let mut corrections: Vec<Correction> = Vec::new();
    for (date, text) in &fields.corrections {
        if fields.written.is_some() && *date < written {
            report.error(
                "corrections",
                format!(
                    "the correction dated {} is earlier than 'written' ({}); a correction comes after the story was published",
                    date.to_rfc3339(),
                    written.to_rfc3339()
                ),
            );
            continue;
        }
        corrections.push(Correction {
            date: *date,
            text: text.clone(),
        });
    }
    corrections.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.text.cmp(&b.text)));
    corrections
}

/// `expires`, which must come after `written`.
pub(super) fn expires(
    fields: &Fields,
    written: DateTime<FixedOffset>,
    report: &mut Reporter,
) -> Option<DateTime<FixedOffset>> {
    let expires = fields.expires?;
    if fields.written.is_some() && expires <= written {
        report.error(
            "expires",
            format!(
                "'expires' ({}) is not after 'written' ({}); to take a story down now write 'withdrawn: true'",
                expires.to_rfc3339(),
                written.to_rfc3339()
            ),
        );
        return None;
    }
    Some(expires)
}

/// The public note of a taken-down story, which only means something with `withdrawn: true` or
/// `expires`.
pub(super) fn withdrawn_note(fields: &Fields, report: &mut Reporter) -> String {
    let note = fields
        .withdrawn_note
        .clone()
        .unwrap_or_default()
        .trim()
        .to_string();
    if !note.is_empty() && !fields.withdrawn && fields.expires.is_none() {
        report.warning(
            "withdrawn_note",
            "'withdrawn_note' is shown only when the story is taken down; add 'withdrawn: true' or 'expires', or remove the note".to_string(),
        );
    }
    note
}

pub(super) fn photo(fields: &Fields, root: &Path, report: &mut Reporter) -> Option<Box<Photo>> {
    let photo = match check_photo(root, fields.photo.as_ref()?) {
        Ok(photo) => photo,
        Err(message) => {
            report.error("photo", format!("photo: {message}"));
            return None;
        }
    };
    if matches!(photo.src, PhotoSource::Remote(_))
        && (photo.width.is_none() || photo.height.is_none())
    {
        report.warning_at(
            "photo",
            "src:",
            "the remote photo has no width and height, so the page's layout will jump when it loads; give them: width: 1600, height: 900".to_string(),
        );
    }
    if photo.alt.trim().is_empty() {
        report.warning_at(
            "photo",
            "alt:",
            "the photo has no 'alt' text; describe it for readers who cannot see it".to_string(),
        );
    }
    Some(Box::new(photo))
}

/// Trimmed, without empty or repeated ones, in the order written.
pub(super) fn tags(fields: &Fields) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in &fields.tags {
        let tag = tag.trim().to_string();
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// The one rule for slugs, for a `slug:` field, a file name and the file `new` writes: letters
/// and digits of any script are kept, case is folded, and every run of anything else becomes a
/// single `-`, with none at either end (`" Harga beras naik 10%! "` is `harga-beras-naik-10`).
/// Only what cannot be one URL segment is refused: a path, `..`, or nothing left; the message
/// suggests a slug.
pub fn normalize_slug(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim();
    if trimmed.contains(['/', '\\']) {
        return Err(format!(
            "'{raw}' is a path, not one URL segment; write it without '/' or '\\', such as '{}'",
            slug_of(trimmed)
        ));
    }
    if trimmed.contains("..") && slug_of(trimmed).is_empty() {
        return Err(format!(
            "'{raw}' would leave the folder; write a word, such as 'story'"
        ));
    }
    let slug = slug_of(trimmed);
    if slug.is_empty() {
        return Err(format!(
            "'{raw}' has no letters or digits to make a URL from; write one, such as 'story-1'"
        ));
    }
    Ok(slug)
}

/// Letters and digits kept (lower-cased), runs of anything else as one `-`, none at the ends.
fn slug_of(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// An old URL path of a story: absolute within the site, no `..`, no query or fragment.
pub(super) fn normalize_alias(raw: &str) -> Result<String, String> {
    let alias = raw.trim();
    if !alias.starts_with('/') || alias.starts_with("//") {
        return Err(
            "write it as a path from the site root, starting with a single '/'".to_string(),
        );
    }
    if alias.contains('\\') || alias.chars().any(char::is_control) || alias.contains(['?', '#']) {
        return Err("a path may not contain '\\', '?', '#' or control characters".to_string());
    }
    if alias
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err("a path may not contain '.' or '..' segments".to_string());
    }
    if alias == "/" {
        return Err("'/' is the language chooser, not an old address of a story".to_string());
    }
    Ok(if alias.ends_with('/') || alias.ends_with(".html") {
        alias.to_string()
    } else {
        format!("{alias}/")
    })
}

fn check_photo(root: &Path, raw: &RawPhoto) -> Result<Photo, String> {
    let src = raw.src.trim();
    let lower = src.to_ascii_lowercase();
    let source = if lower.starts_with("https://") || lower.starts_with("http://") {
        remote_photo(src)?
    } else if src.contains(':') || src.starts_with("//") {
        return Err(format!(
            "'{src}' must be a path under static/ or an http(s) URL"
        ));
    } else {
        static_photo(root, src)?
    };
    Ok(Photo {
        src: source,
        alt: raw.alt.trim().to_string(),
        caption: raw.caption.trim().to_string(),
        credit: raw.credit.trim().to_string(),
        width: raw.width.filter(|w| *w > 0),
        height: raw.height.filter(|h| *h > 0),
    })
}

/// An http(s) URL with a host, and nothing that could break out of an attribute.
fn remote_photo(src: &str) -> Result<PhotoSource, String> {
    let host = src
        .split_once("://")
        .map_or("", |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    if host.is_empty() || src.contains(char::is_whitespace) || src.contains(['"', '<', '>']) {
        return Err(format!("'{src}' is not a valid URL"));
    }
    Ok(PhotoSource::Remote(src.to_string()))
}

/// A file that exists below `static/`, written from there (a leading `/` is allowed).
fn static_photo(root: &Path, src: &str) -> Result<PhotoSource, String> {
    let relative = src.trim_start_matches('/');
    let relative_path = Path::new(relative);
    if relative.is_empty()
        || relative.contains('\\')
        || relative_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(format!(
            "'{src}' must be a path under static/, such as images/photo.jpg"
        ));
    }
    if !root.join(STATIC_DIR).join(relative_path).is_file() {
        if let Some(inside) = relative.strip_prefix("static/")
            && root.join(STATIC_DIR).join(inside).is_file()
        {
            return Err(format!("write '{inside}': photo paths start below static/"));
        }
        return Err(format!(
            "'{src}' does not exist; put the image at static/{relative} or fix the path"
        ));
    }
    Ok(PhotoSource::Static(relative.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_one_rule() {
        for (raw, slug) in [
            ("  Hello World ", "hello-world"),
            ("한국 뉴스", "한국-뉴스"),
            (" Harga beras naik 10%! ", "harga-beras-naik-10"),
            ("harga-beras-naik!", "harga-beras-naik"),
            ("Ça va? — «Oui»", "ça-va-oui"),
            ("a..b", "a-b"),
            (".hidden", "hidden"),
            ("a?b#c", "a-b-c"),
            ("Заголовок_Новости", "заголовок-новости"),
            ("東京 2024", "東京-2024"),
        ] {
            assert_eq!(normalize_slug(raw).as_deref(), Ok(slug), "{raw:?}");
        }
        for (bad, says) in [
            ("", "no letters or digits"),
            ("%!?", "no letters or digits"),
            ("..", "would leave the folder"),
            ("a/b", "such as 'a-b'"),
            ("a\\b", "is a path"),
        ] {
            let message = normalize_slug(bad).unwrap_err();
            assert!(message.contains(says), "{bad:?}: {message}");
        }
    }

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(normalize_alias("/old/path").unwrap(), "/old/path/");
        assert_eq!(normalize_alias("/old.html").unwrap(), "/old.html");
        for bad in ["old", "//evil.example", "/a/../b", "/a?x", "/", "/a\\b"] {
            assert!(normalize_alias(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
