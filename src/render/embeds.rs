//! The placeholders of embeds: where the Markdown stage left a marker, a local box that names the
//! video, its provider, who receives what when it loads and which consent purpose it needs, with
//! a plain link to the video. consent.js turns the box into the provider's player once the reader
//! consents to that purpose (or, where the site allows it, on a click for this one video); until
//! then no address of the provider is written where the browser would fetch it.

use super::discovery::escape;
use super::renderer::Renderer;
use crate::content::{Embed, embed_marker};
use std::borrow::Cow;

impl Renderer<'_> {
    /// `body` with each embed's marker replaced by its placeholder, in the language `code`.
    pub(super) fn with_embeds<'b>(
        &self,
        body: &'b str,
        embeds: &[Embed],
        code: &str,
    ) -> Cow<'b, str> {
        if embeds.is_empty() {
            return Cow::Borrowed(body);
        }
        let mut html = body.to_string();
        for (n, embed) in embeds.iter().enumerate() {
            html = html.replacen(&embed_marker(n), &self.placeholder(embed, code), 1);
        }
        Cow::Owned(html)
    }

    fn placeholder(&self, embed: &Embed, code: &str) -> String {
        let consent = &self.site.config.consent;
        let key = embed.purpose.as_deref().unwrap_or(&consent.embed_purpose);
        let purpose = self.purpose_title(key, code);
        let provider = embed.provider.name();
        let fill = |ui: &str| {
            self.t(code, ui)
                .replace("{provider}", provider)
                .replace("{recipient}", embed.provider.recipient())
                .replace("{purpose}", &purpose)
        };
        let (button, once) = if consent.embed_load_once {
            (fill("embed_load_once"), " data-once")
        } else {
            (fill("embed_allow"), "")
        };
        format!(
            "<figure class=\"embed\" data-embed data-purpose=\"{key}\" data-player=\"{player}\" data-title=\"{title}\"{once}>\n\
             <figcaption class=\"embed-title\">{title}</figcaption>\n\
             <div class=\"embed-box\">\n\
             <p class=\"embed-note\">{from} {sends} {needs}</p>\n\
             <p class=\"embed-actions\"><button type=\"button\" class=\"btn embed-load\" data-embed-load hidden>{button}</button> \
             <a href=\"{page}\">{open}</a></p>\n\
             </div>\n</figure>\n",
            key = escape(key),
            player = escape(&embed.provider.player_url(&embed.id)),
            title = escape(&embed.title),
            from = escape(&fill("embed_from")),
            sends = escape(&fill("embed_sends")),
            needs = escape(&fill("embed_needs")),
            button = escape(&button),
            page = escape(&embed.provider.page_url(&embed.id)),
            open = escape(&fill("embed_open")),
        )
    }

    /// A purpose's title in a language: from `site.yaml` where written, else its UI string.
    pub(super) fn purpose_title(&self, key: &str, code: &str) -> String {
        let purpose = self.site.config.consent.purpose(key);
        match purpose.and_then(|p| p.titles.as_ref()) {
            Some(titles) => titles.get(code).cloned().unwrap_or_default(),
            // Without its UI string (a warning of the build), the key at least names it.
            None => purpose
                .map(|p| Some(self.t(code, &p.title_key())).filter(|t| !t.is_empty()))
                .and_then(|title| title)
                .unwrap_or_else(|| key.to_string()),
        }
    }

    pub(super) fn purpose_description(&self, key: &str, code: &str) -> String {
        let purpose = self.site.config.consent.purpose(key);
        match purpose.and_then(|p| p.descriptions.as_ref()) {
            Some(texts) => texts.get(code).cloned().unwrap_or_default(),
            None => purpose
                .map(|p| self.t(code, &p.description_key()))
                .unwrap_or_default(),
        }
    }
}
