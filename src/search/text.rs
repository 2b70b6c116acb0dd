//! The readable text of a story's HTML body, for indexing and excerpts.

/// `html` without its tags, with the entities pulldown-cmark writes decoded; block ends become
/// spaces so that words of two paragraphs never join.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            if !out.ends_with(' ') {
                out.push(' ');
            }
            rest = &rest[end..];
        } else {
            let end = rest[..rest.len().min(12)].find(';');
            match end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e))) {
                Some((c, e)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The first `limit` characters of `text`, cut at a space where one is near, with an ellipsis.
pub fn excerpt(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let at_space = cut
        .rfind(' ')
        .filter(|i| cut[..*i].chars().count() > limit * 2 / 3);
    format!("{}…", &cut[..at_space.unwrap_or(cut.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_entities_decode() {
        assert_eq!(
            plain_text("<p>Tom &amp; Jerry</p><p>say &#39;hi&#x27; &lt;3</p>"),
            "Tom & Jerry say 'hi' <3"
        );
        assert_eq!(plain_text("a & b"), "a & b");
    }

    #[test]
    fn excerpts_end_at_a_space() {
        assert_eq!(excerpt("one two three four five", 16), "one two three…");
        assert_eq!(excerpt("short", 12), "short");
    }
}
