//! Fuzzes what happens to one content file: decoding, front-matter splitting and parsing, field
//! checks and Markdown rendering. Any panic is a bug; so is live script in the HTML when raw HTML
//! is off.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the `markdown.raw_html` setting; the rest is the file.
    let Some((&flag, bytes)) = data.split_first() else {
        return;
    };
    let raw_html = flag & 1 == 1;
    let (_problems, html) = newsroom::process_bytes(bytes, raw_html);
    if !raw_html {
        assert_no_live_script(&html);
    }
});

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
