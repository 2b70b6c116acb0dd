//! The addresses a body gives that point into the site: files of `static/` written relative
//! (`images/map.svg`), and other stories by their source file (`@/id/politics/nato-call.md`, or
//! relative to the file, `../politics/nato-call.md`). A story's URL is known only once every file
//! is read, so such a link becomes a placeholder here, `@story/N`, and the `N`th `StoryLink` says
//! which file it names; the model checks the file is a published story, and rendering puts its
//! URL in.

use super::frontmatter::Reporter;
use super::markdown::Address;
use super::{CONTENT_DIR, STATIC_DIR};
use std::path::{Component, Path, PathBuf};

/// The start of a placeholder in the rendered body; `@` then a name cannot be a relative link an
/// editor wrote, since `resolve` escapes those.
pub const PLACEHOLDER: &str = "@story/";

/// A link of the body to another story or page, by its source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct StoryLink {
    /// The file it names, relative to the site root (`content/id/politics/nato-call.md`).
    pub target: PathBuf,
    /// `#fragment` as written, or empty.
    pub fragment: String,
    pub line: usize,
    pub column: usize,
}

/// What one file's body needs to resolve its addresses.
pub struct BodyAddresses<'a> {
    pub root: &'a Path,
    /// The file, relative to the site root.
    pub relative: &'a Path,
    pub base_path: &'a str,
    pub body: &'a str,
    /// The line of the file on which the body starts.
    pub first_line: usize,
}

impl BodyAddresses<'_> {
    /// The URL `address` becomes, or `None` to keep it as written; a story link is added to
    /// `links`, and a missing image or story file is reported at its line and column.
    pub fn resolve(
        &self,
        address: &Address,
        links: &mut Vec<StoryLink>,
        report: &mut Reporter,
    ) -> Option<String> {
        let (line, column) = self.line_column(address.offset);
        let (path, fragment) = match address.url.split_once('#') {
            Some((path, fragment)) => (path, format!("#{fragment}")),
            None => (address.url, String::new()),
        };
        if !address.is_image && (path.starts_with("@/") || super::is_markdown(Path::new(path))) {
            let Some(target) = self.story_file(path) else {
                report.body_error(line, column, format!(
                    "the link '{}' leaves content/; write a story's file as @/<language>/<category>/<file>.md",
                    address.url
                ));
                return None;
            };
            if !self.root.join(&target).is_file() {
                report.body_error(line, column, format!(
                    "the link '{}' names {}, which does not exist; fix the path (links to stories are written @/<language>/<category>/<file>.md or relative to this file)",
                    address.url,
                    display(&target)
                ));
                return None;
            }
            links.push(StoryLink {
                target,
                fragment,
                line,
                column,
            });
            return Some(format!("{PLACEHOLDER}{}", links.len() - 1));
        }
        if address.url.starts_with('@') {
            // Kept as written, but never taken for a placeholder.
            return Some(format!("./{}", address.url));
        }
        let file = path.trim_start_matches("./");
        let file = file.split('?').next().unwrap_or(file);
        let inside = Path::new(file)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        let static_file = inside && self.root.join(STATIC_DIR).join(file).is_file();
        if static_file {
            return Some(format!(
                "{}{}",
                self.base_path,
                address.url.trim_start_matches("./")
            ));
        }
        if address.is_image {
            report.body_error(line, column, format!(
                "the image '{}' does not exist; put it at static/{} or fix the path (body images are written from static/, such as images/map.svg)",
                address.url,
                file.trim_start_matches("../")
            ));
        }
        None
    }

    /// `@/id/politics/x.md` below `content/`, or a path relative to this file's folder; `None`
    /// when it leaves `content/`.
    fn story_file(&self, path: &str) -> Option<PathBuf> {
        let (start, rest) = match path.strip_prefix("@/") {
            Some(rest) => (PathBuf::from(CONTENT_DIR), rest),
            None => (self.relative.parent()?.to_path_buf(), path),
        };
        let mut target = start;
        for component in Path::new(rest).components() {
            match component {
                Component::Normal(part) => target.push(part),
                Component::ParentDir => {
                    target.pop();
                }
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => return None,
            }
        }
        target.starts_with(CONTENT_DIR).then_some(target)
    }

    fn line_column(&self, offset: usize) -> (usize, usize) {
        let before = &self.body[..offset.min(self.body.len())];
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (self.first_line + line, column)
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The body with each placeholder replaced by the URL `url_of` gives its story (with the link's
/// fragment), as an attribute value. A placeholder whose story has no URL (only when the model
/// has already reported it) becomes the source path.
pub fn fill_story_links(
    body_html: &str,
    links: &[StoryLink],
    url_of: &dyn Fn(&Path) -> Option<String>,
) -> String {
    if links.is_empty() {
        return body_html.to_string();
    }
    let mut out = String::with_capacity(body_html.len());
    let mut rest = body_html;
    while let Some(at) = rest.find(&format!("\"{PLACEHOLDER}")) {
        out.push_str(&rest[..=at]);
        let after = &rest[at + 1 + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let link = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| links.get(n));
        match link {
            Some(link) if after[digits..].starts_with('"') => {
                let url = url_of(&link.target).unwrap_or_else(|| display(&link.target));
                out.push_str(&escape_attribute(&format!("{url}{}", link.fragment)));
            }
            _ => out.push_str(&format!("{PLACEHOLDER}{}", &after[..digits])),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
