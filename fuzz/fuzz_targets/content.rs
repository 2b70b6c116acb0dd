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
    let (_problems, html) = newsroom::content::process_bytes(bytes, raw_html);
    if !raw_html {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "live script element: {html}");
        assert!(
            !lower.contains("href=\"javascript:"),
            "javascript: link: {html}"
        );
        assert!(
            !lower.contains("src=\"javascript:"),
            "javascript: image: {html}"
        );
    }
});
