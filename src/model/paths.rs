//! The URL paths of generated pages, and slugs of tags, in one place.

pub fn tag_page_path(language: &str, slug: &str, page: usize) -> String {
    if page <= 1 {
        format!("{language}/tags/{slug}/")
    } else {
        format!("{language}/tags/{slug}/page/{page}/")
    }
}

pub fn author_page_path(language: &str, key: &str, page: usize) -> String {
    if page <= 1 {
        format!("{language}/authors/{key}/")
    } else {
        format!("{language}/authors/{key}/page/{page}/")
    }
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

pub fn category_page_path(language: &str, category: &str, page: usize) -> String {
    if page <= 1 {
        format!("{language}/{category}/")
    } else {
        format!("{language}/{category}/page/{page}/")
    }
}
