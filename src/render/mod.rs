//! Turns planned jobs into HTML with Tera. The only user of Tera; it never writes files.
//!
//! Story cards are converted to template values once and shared by every list they appear in;
//! each page then gets a context of small view structs (see `views`), made per page kind in
//! `context`.

mod context;
pub mod discovery;
mod embeds;
mod feeds;
mod menus;
mod pictures;
mod renderer;
mod search;
mod template_hints;
mod templates;
pub mod views;

pub use renderer::{Renderer, absolute_src, category_view};
pub use templates::{
    AssetVersions, TEMPLATES_DIR, Templates, check_consent_keys, check_ui_strings, load_templates,
};

#[cfg(test)]
mod tests {
    use super::views::encode_path;

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("ko/tags/한국/"), "ko/tags/%ED%95%9C%EA%B5%AD/");
        assert_eq!(encode_path("en/a b/"), "en/a%20b/");
    }
}
