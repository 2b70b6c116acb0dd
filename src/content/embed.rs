//! Embeds that wait for consent: a fenced block with the info string `embed` in an article's
//! Markdown names a video by provider and id.
//!
//! ````markdown
//! ```embed
//! youtube: dQw4w9WgXcQ
//! title: The summit's closing press conference
//! ```
//! ````
//!
//! The Markdown stage only reads the block into an [`Embed`] and leaves a marker in the body; the
//! render stage, which knows the page's language and the site's purposes, replaces the marker with
//! the placeholder (see `render::embeds`), so no provider address is ever written as a live
//! `src`.

use crate::yaml;
use serde::Deserialize;

/// The info string of a fenced block that is an embed.
pub const EMBED_INFO: &str = "embed";

/// Marks where the `n`th embed of a body goes. Private-use characters, which Markdown, the HTML
/// writer and the sanitizer all pass through unchanged.
pub fn marker(n: usize) -> String {
    format!("\u{E000}embed{n}\u{E001}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Provider {
    YouTube,
    Vimeo,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::YouTube => "YouTube",
            Provider::Vimeo => "Vimeo",
        }
    }

    /// Who receives the reader's address and browser details when the player loads.
    pub fn recipient(self) -> &'static str {
        match self {
            Provider::YouTube => "Google (youtube-nocookie.com)",
            Provider::Vimeo => "Vimeo (player.vimeo.com)",
        }
    }

    /// The player, on the provider's host that sets no tracking cookie until playback.
    pub fn player_url(self, id: &str) -> String {
        match self {
            Provider::YouTube => format!("https://www.youtube-nocookie.com/embed/{id}"),
            Provider::Vimeo => format!("https://player.vimeo.com/video/{id}?dnt=1"),
        }
    }

    /// The content on the provider's own site: what readers without JavaScript follow.
    pub fn page_url(self, id: &str) -> String {
        match self {
            Provider::YouTube => format!("https://www.youtube.com/watch?v={id}"),
            Provider::Vimeo => format!("https://vimeo.com/{id}"),
        }
    }

    fn accepts(self, id: &str) -> bool {
        let plain = |extra: &[u8]| {
            !id.is_empty()
                && id.len() <= 32
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
        };
        match self {
            Provider::YouTube => plain(b"-_"),
            Provider::Vimeo => plain(b"") && id.bytes().all(|b| b.is_ascii_digit()),
        }
    }
}

/// One embed of a body, in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Embed {
    pub provider: Provider,
    pub id: String,
    pub title: String,
    /// The consent purpose it waits for; `None` takes the site's `consent.embeds.purpose`.
    pub purpose: Option<String>,
    /// 1-based line of the opening fence in the body, for messages.
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmbed {
    youtube: Option<String>,
    vimeo: Option<String>,
    title: Option<String>,
    purpose: Option<String>,
}

/// A problem of an embed block: its line within the body (1-based) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedProblem {
    pub line: usize,
    pub message: String,
}

/// Reads the text of an `embed` block whose opening fence is on body line `line`.
pub fn parse(text: &str, line: usize) -> Result<Embed, EmbedProblem> {
    let problem = |at: usize, message: String| EmbedProblem { line: at, message };
    let raw: RawEmbed = yaml::parse(text).map_err(|err| {
        problem(
            line + err.line.unwrap_or(1),
            format!(
                "{} in an embed block; write `youtube: <id>` (or `vimeo: <id>`) and `title: ...`, one per line",
                err.message
            ),
        )
    })?;
    let (provider, id) = match (raw.youtube, raw.vimeo) {
        (Some(id), None) => (Provider::YouTube, youtube_id(id.trim())),
        (None, Some(id)) => (Provider::Vimeo, id.trim().to_string()),
        _ => {
            return Err(problem(
                line,
                "an embed block names one video: `youtube: <id>` or `vimeo: <id>`".to_string(),
            ));
        }
    };
    if !provider.accepts(&id) {
        return Err(problem(
            line,
            format!(
                "'{id}' is not a {} video id; write the id from the video's address",
                provider.name()
            ),
        ));
    }
    let title = raw.title.unwrap_or_default().trim().to_string();
    if title.is_empty() {
        return Err(problem(
            line,
            "an embed needs a `title:`; it names the video for readers who have not loaded it and for screen readers".to_string(),
        ));
    }
    Ok(Embed {
        provider,
        id,
        title,
        purpose: raw.purpose.map(|p| p.trim().to_string()),
        line,
    })
}

/// The id from a YouTube address pasted whole (`https://www.youtube.com/watch?v=ID`,
/// `https://youtu.be/ID`), or the text as it is.
fn youtube_id(text: &str) -> String {
    let after = |marker: &str| {
        text.find(marker)
            .map(|i| &text[i + marker.len()..])
            .map(|rest| rest.split(['&', '?', '#', '/']).next().unwrap_or(rest))
    };
    after("v=")
        .or_else(|| after("youtu.be/"))
        .or_else(|| after("/embed/"))
        .unwrap_or(text)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_names_provider_id_and_title() {
        let embed = parse(
            "youtube: https://youtu.be/abc_DEF-123?t=4\ntitle: Talks\n",
            3,
        )
        .unwrap();
        assert_eq!(embed.provider, Provider::YouTube);
        assert_eq!(embed.id, "abc_DEF-123");
        assert_eq!(embed.title, "Talks");
        assert_eq!(embed.line, 3);
    }

    #[test]
    fn bad_blocks_say_what_to_write() {
        let no_title = parse("vimeo: 123\n", 1).unwrap_err();
        assert!(no_title.message.contains("title"));
        let bad_id = parse("vimeo: abc\ntitle: T\n", 1).unwrap_err();
        assert!(bad_id.message.contains("not a Vimeo video id"));
        let unknown = parse("dailymotion: x\ntitle: T\n", 5).unwrap_err();
        assert_eq!(unknown.line, 6, "the line of the unknown key");
        assert!(parse("youtube: <script>\ntitle: T\n", 1).is_err());
    }
}
