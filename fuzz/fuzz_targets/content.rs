//! Fuzzes what happens to one content file: decoding, front-matter splitting and parsing, field
//! checks and Markdown rendering. Any panic is a bug; so is live script in the HTML when raw HTML
//! is off, and so is a file that takes more than a second: YAML built to explode (aliases,
//! nesting) must be refused, not expanded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::{Duration, Instant};

/// What a file may cost, grown or not; the real ones take milliseconds.
const TIME_LIMIT: Duration = Duration::from_secs(1);

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the `markdown.raw_html` setting and whether the rest is grown to
    // about 4 MB by repeating its middle: shapes that are cheap small and explode large (nesting,
    // aliases) are found from small inputs that way.
    let Some((&flag, bytes)) = data.split_first() else {
        return;
    };
    let raw_html = flag & 1 == 1;
    let grown;
    let bytes = if flag & 2 == 2 {
        grown = grow(bytes, 4 << 20);
        &grown[..]
    } else {
        bytes
    };
    let started = Instant::now();
    let (_problems, html) = newsroom::process_bytes(bytes, raw_html);
    let took = started.elapsed();
    assert!(took < TIME_LIMIT, "{} bytes took {took:?}", bytes.len());
    if !raw_html {
        assert_no_live_script(&html);
    }
});

/// The first third, the middle third repeated until the whole is about `size`, the last third:
/// `---\na: [[` + `[[` * n + `]]` keeps its shape, a fence at each end.
fn grow(bytes: &[u8], size: usize) -> Vec<u8> {
    let third = bytes.len() / 3;
    let (head, rest) = bytes.split_at(third);
    let (middle, tail) = rest.split_at(third);
    if middle.is_empty() {
        return bytes.to_vec();
    }
    let mut grown = head.to_vec();
    while grown.len() + tail.len() < size {
        grown.extend_from_slice(middle);
    }
    grown.extend_from_slice(tail);
    grown
}

/// With raw HTML off, text never holds a `<` (it is escaped), so every `<` opens a tag the
/// renderer wrote; inside those tags there must be no script element, no event handler and no
/// script-capable address. (Text such as `href="javascript:` outside a tag is harmless.)
fn assert_no_live_script(html: &str) {
    for piece in html.split('<').skip(1) {
        let tag = piece
            .split('>')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        assert!(
            !tag[..name_end].starts_with("script"),
            "script element: {html}"
        );
        // Attributes as the renderer writes them: name="value", with '"' escaped inside values.
        let mut rest = &tag[name_end..];
        loop {
            rest = rest.trim_start();
            let Some(eq) = rest.find('=') else { break };
            let name = rest[..eq].trim();
            assert!(!name.starts_with("on"), "event handler {name}: {html}");
            let Some(value) = rest[eq + 1..].strip_prefix('"') else {
                break;
            };
            let Some(end) = value.find('"') else { break };
            let value = &value[..end];
            if name == "href" || name == "src" {
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(!value.starts_with(scheme), "{scheme} address: {html}");
                }
            }
            rest = &rest[eq + 1 + 1 + end + 1..];
        }
    }
}
