//! The URL paths of generated pages, and slugs of tags, in one place.

pub fn tag_page_path(language: &str, slug: &str, page: ListPage) -> String {
    list_path(format!("{language}/tags/{slug}/"), page)
}

pub fn author_page_path(language: &str, key: &str, page: ListPage) -> String {
    list_path(format!("{language}/authors/{key}/"), page)
}

pub fn archive_path(language: &str, year: i32, month: u32) -> String {
    format!("{language}/archive/{year:04}/{month:02}/")
}

/// A tag's URL segment for any script: lower-cased letters and digits of every alphabet kept,
/// runs of anything else turned into one `-`. "Korea–NATO" -> "korea-nato", "북한 군" -> "북한-군".
pub fn tag_slug(tag: &str) -> String {
    let mut slug = String::with_capacity(tag.len());
    for c in tag.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c.is_mark() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

trait IsMark {
    fn is_mark(&self) -> bool;
}

impl IsMark for char {
    /// Combining marks (Arabic harakat, Devanagari vowel signs) belong to the word they sit on.
    fn is_mark(&self) -> bool {
        matches!(*self as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x3099..=0x309A)
    }
}

pub fn category_page_path(language: &str, category: &str, page: ListPage) -> String {
    list_path(format!("{language}/{category}/"), page)
}

/// One page of a list of stories (a category, a tag, an author). Numbered pages count from the
/// oldest story, so page 3 holds the same stories however many are published after them; the
/// list's own URL shows the newest ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListPage {
    /// The list's own URL (`/en/politics/`).
    Newest,
    /// `page/<n>/` below it, 1-based: page 1 holds the oldest stories.
    Numbered(usize),
}

fn list_path(list: String, page: ListPage) -> String {
    match page {
        ListPage::Newest => list,
        ListPage::Numbered(n) => format!("{list}page/{n}/"),
    }
}

impl std::fmt::Display for ListPage {
    /// For messages: "the first page", "page 3".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ListPage::Newest => f.write_str("the first page"),
            ListPage::Numbered(n) => write!(f, "page {n}"),
        }
    }
}
