//! Markdown to HTML: CommonMark with tables, footnotes and strikethrough.
//!
//! Two safety rules are applied on the event stream, where they cannot be fooled by HTML
//! tricks: raw HTML becomes text unless the site allows it, and links or images whose address
//! uses a script-capable scheme lose their address. Where the site does allow raw HTML, the
//! rendered body goes through ammonia's sanitizer, so that embeds and markup pass but scripts,
//! event handlers and script-capable addresses never do.
//!
//! A fenced block with the info string `embed` becomes an [`Embed`] and a marker in the HTML
//! (see `embed`); markers are put in after sanitizing, so the sanitizer never sees them.

use super::embed::{self, EMBED_INFO, Embed, EmbedProblem};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};

pub fn to_html(markdown: &str, allow_raw_html: bool) -> String {
    to_html_with(markdown, allow_raw_html, &mut |_| None).html
}

/// A body rendered: its HTML (with a marker per embed), its embeds and their problems.
#[derive(Debug, Default)]
pub struct Body {
    pub html: String,
    pub embeds: Vec<Embed>,
    pub problems: Vec<EmbedProblem>,
}

/// A link or image address of the body that is not absolute: relative (`images/map.svg`,
/// `../politics/x.md`) or a story by its source (`@/id/politics/x.md`).
pub struct Address<'a> {
    pub url: &'a str,
    pub is_image: bool,
    /// Byte offset in the Markdown of the link or image, for its line and column.
    pub offset: usize,
}

/// As `to_html`; `resolve` may give a relative address its site URL (editors write
/// `images/map.svg` for a file of `static/`, as in `photo.src`, and an article page is not at
/// the site root), or the placeholder of a link to another story.
pub fn to_html_with(
    markdown: &str,
    allow_raw_html: bool,
    resolve: &mut dyn FnMut(Address) -> Option<String>,
) -> Body {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut filter = SafeEvents {
        allow_raw_html,
        resolve,
        open_links: Vec::new(),
        in_unsafe_image: 0,
        footnotes: Footnotes::default(),
    };
    let mut blocks = EmbedBlocks::default();
    let events = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .filter_map(|(event, range)| {
            blocks
                .take(event, || line_at(markdown, range.start))
                .map(|event| (event, range.start))
        })
        .filter_map(|(event, offset)| filter.apply(event, offset));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    let mut html = if allow_raw_html { sanitize(&out) } else { out };
    for n in 0..blocks.embeds.len() {
        html = html.replacen(&placeholder(n), &embed::marker(n), 1);
    }
    Body {
        html,
        embeds: blocks.embeds,
        problems: blocks.problems,
    }
}

fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Text that stands for the `n`th embed until sanitizing is done: letters only, so that neither
/// the HTML writer nor the sanitizer changes it, and unlikely in a story.
fn placeholder(n: usize) -> String {
    format!("NEWSROOMEMBEDPLACEHOLDER{n}X")
}

/// Turns `embed` fenced blocks into placeholders, collecting the embeds and their problems.
#[derive(Default)]
struct EmbedBlocks {
    /// The text and line of the embed block being read.
    open: Option<(String, usize)>,
    embeds: Vec<Embed>,
    problems: Vec<EmbedProblem>,
}

impl EmbedBlocks {
    /// `line` gives the event's line; only asked for at an embed, since counting lines for every
    /// event would make a long story quadratic.
    fn take<'a>(&mut self, event: Event<'a>, line: impl Fn() -> usize) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.trim() == EMBED_INFO =>
            {
                self.open = Some((String::new(), line()));
                None
            }
            Event::Text(text) if self.open.is_some() => {
                if let Some((block, _)) = &mut self.open {
                    block.push_str(&text);
                }
                None
            }
            Event::End(TagEnd::CodeBlock) if self.open.is_some() => {
                let (block, line) = self.open.take()?;
                match embed::parse(&block, line) {
                    Ok(embed) => {
                        let n = self.embeds.len();
                        self.embeds.push(embed);
                        Some(Event::Html(format!("{}\n", placeholder(n)).into()))
                    }
                    Err(problem) => {
                        self.problems.push(problem);
                        None
                    }
                }
            }
            other => Some(other),
        }
    }
}

/// The safety rules and heading levels, applied to the parser's events one at a time.
struct SafeEvents<'r> {
    allow_raw_html: bool,
    resolve: &'r mut dyn FnMut(Address) -> Option<String>,
    /// One entry per open link: whether its start was kept, so that its end is kept too.
    open_links: Vec<bool>,
    /// How deep inside dropped images we are; their alt text stays as plain text.
    in_unsafe_image: usize,
    footnotes: Footnotes,
}

/// Footnotes numbered in the order they first appear. Their ids are `footnote-N` and
/// `footnote-ref-N`, never the editor's label: a label such as `[^main]` would otherwise become
/// `id="main"` and take the skip link's target. Templates use no id that starts with `footnote-`.
#[derive(Default)]
struct Footnotes {
    labels: Vec<String>,
    /// The number of the definition being written, for its link back.
    open: Option<usize>,
}

impl Footnotes {
    fn number(&mut self, label: &str) -> usize {
        match self.labels.iter().position(|known| known == label) {
            Some(index) => index + 1,
            None => {
                self.labels.push(label.to_string());
                self.labels.len()
            }
        }
    }

    fn reference(&mut self, label: &str) -> String {
        let n = self.number(label);
        format!(
            "<sup class=\"footnote-reference\" id=\"footnote-ref-{n}\"><a href=\"#footnote-{n}\">{n}</a></sup>"
        )
    }

    fn start_definition(&mut self, label: &str) -> String {
        let n = self.number(label);
        self.open = Some(n);
        format!(
            "<div class=\"footnote-definition\" id=\"footnote-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>"
        )
    }

    /// The link back to where the note was cited, and the end of the definition.
    fn end_definition(&mut self) -> String {
        match self.open.take() {
            Some(n) => format!(
                "<a class=\"footnote-backref\" href=\"#footnote-ref-{n}\">\u{21a9}\u{fe0e}</a></div>\n"
            ),
            None => "</div>\n".to_string(),
        }
    }
}

impl SafeEvents<'_> {
    fn apply<'a>(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        match event {
            // Ours: the parser's HTML always starts with '<'.
            Event::Html(text) if text.trim_end().bytes().all(|b| b.is_ascii_alphanumeric()) => {
                Some(Event::Html(text))
            }
            Event::Html(text) | Event::InlineHtml(text) if !self.allow_raw_html => {
                Some(Event::Text(text))
            }
            // The headline is the page's only h1, so the body's headings start one level lower.
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Some(Event::Start(Tag::Heading {
                level: lower(level),
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(lower(level)))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let safe = !is_unsafe_url(&dest_url);
                self.open_links.push(safe);
                safe.then(|| {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: resolve_relative(dest_url, false, offset, self.resolve),
                        title,
                        id,
                    })
                })
            }
            Event::End(TagEnd::Link) => self
                .open_links
                .pop()
                .unwrap_or(true)
                .then_some(Event::End(TagEnd::Link)),
            // An unsafe image keeps its alt text as plain text instead of an <img>.
            Event::Start(Tag::Image { dest_url, .. })
                if is_unsafe_url(&dest_url) || self.in_unsafe_image > 0 =>
            {
                self.in_unsafe_image += 1;
                None
            }
            Event::End(TagEnd::Image) if self.in_unsafe_image > 0 => {
                self.in_unsafe_image -= 1;
                None
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Some(Event::Start(Tag::Image {
                link_type,
                dest_url: resolve_relative(dest_url, true, offset, self.resolve),
                title,
                id,
            })),
            Event::FootnoteReference(label) => {
                Some(Event::Html(self.footnotes.reference(&label).into()))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Some(Event::Html(self.footnotes.start_definition(&label).into()))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                Some(Event::Html(self.footnotes.end_definition().into()))
            }
            other => Some(other),
        }
    }
}

/// Keeps what editors reasonably write in raw HTML (embeds, figures, media, tables with
/// alignment, footnote anchors) and drops scripts, styles, event handlers and any address whose
/// scheme is not http(s), mailto or tel.
fn sanitize(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "iframe",
            "figure",
            "figcaption",
            "video",
            "audio",
            "source",
            "picture",
            "section",
        ])
        .add_generic_attributes(["id", "class", "lang", "dir", "title"])
        .add_tag_attributes(
            "iframe",
            [
                "src",
                "width",
                "height",
                "allow",
                "allowfullscreen",
                "loading",
            ],
        )
        .add_tag_attributes(
            "video",
            ["src", "controls", "width", "height", "poster", "preload"],
        )
        .add_tag_attributes("audio", ["src", "controls", "preload"])
        .add_tag_attributes("source", ["src", "srcset", "type", "media"])
        .add_tag_attributes("img", ["loading", "srcset", "sizes"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener"));
    builder.clean(html).to_string()
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// A relative address (no scheme, not from the root, not a fragment) or an `@/` story link, as
/// `resolve` maps it.
fn resolve_relative<'a>(
    url: CowStr<'a>,
    is_image: bool,
    offset: usize,
    resolve: &mut dyn FnMut(Address) -> Option<String>,
) -> CowStr<'a> {
    let relative = url.starts_with("@/")
        || (!url.is_empty() && !url.starts_with(['/', '#', '?']) && !url.contains(':'));
    let address = Address {
        url: &url,
        is_image,
        offset,
    };
    match relative.then(|| resolve(address)).flatten() {
        Some(site_url) => CowStr::from(site_url),
        None => url,
    }
}

/// True for `javascript:`, `vbscript:` and `data:` addresses, however they are disguised with
/// case, white space or control characters (browsers ignore those inside a scheme).
fn is_unsafe_url(url: &CowStr) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

/// The first paragraph of the Markdown as plain text, for a summary when the editor gave none:
/// the words a reader sees, without Markdown, footnote markers, raw HTML or an image's alt text.
pub fn first_paragraph_text(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut text = String::new();
    let (mut in_paragraph, mut in_image, mut in_note) = (false, 0usize, 0usize);
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_note += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_note = in_note.saturating_sub(1),
            Event::Start(Tag::Paragraph) if in_note == 0 => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if in_paragraph => {
                in_paragraph = false;
                if !text.trim().is_empty() {
                    break;
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_paragraph && in_image == 0 => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_blocks_become_markers_with_or_without_raw_html() {
        let text =
            "Intro.\n\n```embed\nyoutube: abc\ntitle: Talks\n```\n\n```embed\nvimeo: x\n```\n";
        for raw_html in [false, true] {
            let body = to_html_with(text, raw_html, &mut |_| None);
            assert_eq!(body.embeds.len(), 1);
            assert_eq!(body.embeds[0].line, 3, "the line of the opening fence");
            assert!(body.html.contains(&embed::marker(0)), "{}", body.html);
            assert!(
                !body.html.contains("youtube"),
                "no provider address before render"
            );
            assert_eq!(body.problems.len(), 1);
            assert_eq!(body.problems[0].line, 8);
        }
        // Other fenced blocks stay code.
        let code = to_html("```rust\nfn main() {}\n```\n", false);
        assert!(code.contains("<code class=\"language-rust\">"));
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let md = "<script>alert(1)</script>\n\nHello <b>you</b>";
        let safe = to_html(md, false);
        assert!(!safe.contains("<script>"), "{safe}");
        assert!(safe.contains("&lt;script&gt;"), "{safe}");
        assert!(safe.contains("&lt;b&gt;"), "{safe}");
        assert!(to_html(md, true).contains("<b>you</b>"));
    }

    #[test]
    fn allowed_raw_html_is_sanitized() {
        let md = "<a href=\"javascript:alert(1)\">x</a> <img src=\"data:image/png;base64,AA\" onerror=\"alert(1)\">\n\n<script>alert(1)</script><iframe src=\"https://video.example/embed/1\" allowfullscreen></iframe>\n\n<b onclick=\"x()\">bold</b>";
        let html = to_html(md, true);
        for bad in ["javascript:", "data:", "onerror", "onclick", "<script"] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(
            html.contains("<iframe src=\"https://video.example/embed/1\""),
            "{html}"
        );
    }

    #[test]
    fn script_links_lose_their_address() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,x",
            "&#106;avascript:x",
        ] {
            let html = to_html(&format!("[click]({url}) and ![pic]({url})"), false);
            assert!(!html.contains("href"), "{url}: {html}");
            assert!(!html.contains("<img"), "{url}: {html}");
            assert!(html.contains("click"), "{url}: {html}");
            assert!(html.contains("pic"), "{url}: {html}");
        }
        let html = to_html("[ok](https://example.org/) ![p](/images/a.svg)", false);
        assert!(html.contains(r#"href="https://example.org/""#));
        assert!(html.contains(r#"<img src="/images/a.svg""#));
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ note[^1]\n\n[^1]: the note\n",
            false,
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("footnote-definition"));
    }

    #[test]
    fn body_headings_start_below_the_headline() {
        let html = to_html("# One\n\n## Two\n\n###### Six", false);
        assert!(html.contains("<h2>One</h2>"), "{html}");
        assert!(html.contains("<h3>Two</h3>"), "{html}");
        assert!(html.contains("<h6>Six</h6>"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
    }

    /// Issue 14, item 6.
    #[test]
    fn first_paragraph_is_what_a_reader_sees() {
        assert_eq!(
            first_paragraph_text(
                "![A map of Seoul](images/map.svg)\n\nThe **talks** began[^1] in `Seoul`, see [the map](#m) <b>now</b>.\n\n[^1]: On Monday."
            ),
            "The talks began in Seoul, see the map now."
        );
        assert_eq!(
            first_paragraph_text("[^a]: A note first.\n\nThe text."),
            "The text."
        );
    }

    /// Issue 14, item 7: a label never becomes an id of the page, and each note links back.
    #[test]
    fn footnotes_have_their_own_ids_and_link_back() {
        let html = to_html(
            "Cited[^main] twice[^x].\n\n[^main]: First.\n[^x]: Second.\n",
            false,
        );
        assert!(!html.contains("id=\"main\""), "{html}");
        assert!(html.contains(r##"<sup class="footnote-reference" id="footnote-ref-1"><a href="#footnote-1">1</a></sup>"##), "{html}");
        assert!(
            html.contains(r#"<div class="footnote-definition" id="footnote-2">"#),
            "{html}"
        );
        assert!(html.contains(r##"href="#footnote-ref-2""##), "{html}");
        let sanitized = to_html("A[^n].\n\n[^n]: Note.\n", true);
        assert!(
            sanitized.contains(r##"href="#footnote-ref-1""##),
            "{sanitized}"
        );
        assert!(sanitized.contains(r#"id="footnote-1""#), "{sanitized}");
    }

    #[test]
    fn first_paragraph_skips_headings() {
        assert_eq!(
            first_paragraph_text("# Head\n\nFirst *one*\nline.\n\nSecond."),
            "First one line."
        );
    }
}
