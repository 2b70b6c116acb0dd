//! Hints for Tera's commonest errors: a misspelt filter, test, function or tag gets the nearest
//! known name, and a template that ends inside a block says which block and where it opened.

use crate::diagnostics::nearest;

/// Tera 2.4's built-in filters (checked against Tera by a test below).
const FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];

const TESTS: &[&str] = &[
    "string",
    "number",
    "map",
    "bool",
    "array",
    "integer",
    "float",
    "none",
    "iterable",
    "defined",
    "undefined",
    "odd",
    "even",
    "divisible_by",
    "starting_with",
    "ending_with",
    "containing",
];

/// Tera's functions and newsroom's own.
const FUNCTIONS: &[&str] = &["range", "throw", "t", "asset"];

const TAGS: &[&str] = &[
    "block",
    "endblock",
    "extends",
    "include",
    "set",
    "set_global",
    "endset",
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "break",
    "continue",
    "filter",
    "endfilter",
    "component",
    "endcomponent",
    "raw",
    "endraw",
];

/// The tags that open a body, with the tag that closes it.
const OPENERS: &[(&str, &str)] = &[
    ("block", "endblock"),
    ("if", "endif"),
    ("for", "endfor"),
    ("filter", "endfilter"),
    ("component", "endcomponent"),
    ("raw", "endraw"),
    ("set", "endset"),
];

/// `message` with a hint appended where one helps; `line` and `column` (1-based) are where Tera
/// put the error in `source`.
pub(super) fn with_hint(message: &str, source: Option<&str>, line: usize, column: usize) -> String {
    let hint = hint(message, source, line, column);
    match hint {
        Some(hint) => format!("{}; {hint}", message.trim_end_matches('.')),
        None => message.to_string(),
    }
}

fn hint(message: &str, source: Option<&str>, line: usize, column: usize) -> Option<String> {
    for (prefix, known, kind) in [
        ("Unknown filter `", FILTERS, "filter"),
        ("Unknown test `", TESTS, "test"),
        ("Unknown function `", FUNCTIONS, "function"),
    ] {
        if let Some(name) = message
            .strip_prefix(prefix)
            .and_then(|r| r.split('`').next())
        {
            return Some(match nearest(name, known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the {kind}s Tera knows are: {}", known.join(", ")),
            });
        }
    }
    let source = source?;
    if message == "Unknown tag" {
        let (name, at) = tag_at(source, line, column)?;
        if TAGS.contains(&name.as_str()) {
            // A real tag where Tera did not expect it: a body opened before it is still open
            // (`{% endblock %}` inside an unclosed `{% if %}`), or it closes nothing.
            return Some(match innermost_unclosed(&source[..at]) {
                Some((tag, opened_at)) => {
                    let opener = tag.split_whitespace().next().unwrap_or_default();
                    let closer = OPENERS.iter().find(|(open, _)| *open == opener)?.1;
                    format!(
                        "the `{{% {tag} %}}` of line {opened_at} is not closed before this `{{% {name} %}}`: add `{{% {closer} %}}` where its body ends"
                    )
                }
                None => format!(
                    "this `{{% {name} %}}` closes nothing: remove it, or open what it closes"
                ),
            });
        }
        return Some(match nearest(&name, TAGS) {
            Some(near) => format!("`{name}` is no tag; did you mean `{near}`?"),
            None => format!("`{name}` is no tag of Tera's"),
        });
    }
    if message == "Unexpected end of input" {
        let (tag, opened_at) = innermost_unclosed(source)?;
        let name = tag.split_whitespace().next().unwrap_or_default();
        let closer = OPENERS.iter().find(|(open, _)| *open == name)?.1;
        return Some(format!(
            "the template ends inside the `{{% {tag} %}}` of line {opened_at}: close it with `{{% {closer} %}}`"
        ));
    }
    if let Some(hint) = list_page_change(message, source_line(source, line)) {
        return Some(hint);
    }
    if message.contains("but expected }}") || message.contains("but expected `}}`") {
        return Some("close `{{ ... }}` with two braces".to_string());
    }
    if message.contains("but expected %}") || message.contains("but expected `%}`") {
        return Some("close `{% ... %}` with `%}`".to_string());
    }
    None
}

/// Pagination fields that lists numbered from the oldest story no longer have (issue 10).
const GONE_PAGINATION: [&str; 5] = ["total", "pages", "current", "prev_url", "next_url"];

/// A template written for the pager of an earlier newsroom: lists are now numbered from the
/// oldest story, so the pager has no total and a tag's count is only on its own URL.
fn list_page_change(message: &str, line: &str) -> Option<String> {
    if let Some(field) = GONE_PAGINATION
        .iter()
        .find(|field| line.contains(&format!("pagination.{field}")))
    {
        return Some(format!(
            "`pagination.{field}` is gone: list pages are numbered from the oldest story, and the pager links `newer_url`, `older_url`, `newest_url` and `oldest_url` (see \"List pages\" in the README); `newsroom init` writes the current partials/pager.html to copy from"
        ));
    }
    (message.contains("got `none`") && line.contains("total")).then(|| {
        "`total` is null on a list's numbered pages (only its own URL counts its stories): write `{% if total %}` around it".to_string()
    })
}

/// Line `line` (1-based) of `source`, or nothing.
fn source_line(source: &str, line: usize) -> &str {
    source
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or_default()
}

/// The word after `{%` (and `-`) at or before the error's place, and the byte offset of that
/// `{%` in the source.
fn tag_at(source: &str, line: usize, column: usize) -> Option<(String, usize)> {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let text = source[line_start..].lines().next()?;
    let until: usize = text
        .char_indices()
        .nth(column.saturating_sub(1) + 1)
        .map_or(text.len(), |(index, _)| index);
    let start = text[..until].rfind("{%")?;
    let name: String = text[start + 2..]
        .trim_start_matches('-')
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some((name, line_start + start))
}

/// The innermost opening tag left without its closing one (`block content`), with its 1-based
/// line.
fn innermost_unclosed(source: &str) -> Option<(String, usize)> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let name: String = after
            .trim_start_matches('-')
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let line = source[..offset + start].matches('\n').count() + 1;
        let body = after.split("%}").next().unwrap_or_default();
        // `{% set x = 1 %}` is a whole statement; only `{% set x %}` opens a body.
        let opens = OPENERS.iter().any(|(opener, _)| *opener == name)
            && !(name.starts_with("set") && body.contains('='));
        if opens {
            let tag = body
                .trim()
                .trim_start_matches('-')
                .trim_end_matches('-')
                .trim();
            open.push((tag.to_string(), line));
        } else if let Some((opener, _)) = OPENERS.iter().find(|(_, closer)| *closer == name)
            && let Some(index) = open
                .iter()
                .rposition(|(tag, _)| tag.split_whitespace().next() == Some(opener))
        {
            open.truncate(index);
        }
        offset += start + 2;
        rest = after;
    }
    open.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_names_get_the_nearest_known_one() {
        assert_eq!(
            with_hint("Unknown filter `uper`", None, 1, 1),
            "Unknown filter `uper`; did you mean `upper`?"
        );
        assert_eq!(
            with_hint("Unknown function `asets`", None, 1, 1),
            "Unknown function `asets`; did you mean `asset`?"
        );
        let source = "<p>\n{% endblok content %}\n";
        assert_eq!(
            with_hint("Unknown tag", Some(source), 2, 4),
            "Unknown tag; `endblok` is no tag; did you mean `endblock`?"
        );
    }

    #[test]
    fn a_body_left_open_before_a_closing_tag_is_named() {
        let source = "{% block content %}\n<p>\n{% if tags %}\nx\n{% endblock content %}\n";
        assert_eq!(
            with_hint("Unknown tag", Some(source), 5, 4),
            "Unknown tag; the `{% if tags %}` of line 3 is not closed before this `{% endblock %}`: add `{% endif %}` where its body ends"
        );
        let stray = "<p>\n{% endif %}\n";
        assert_eq!(
            with_hint("Unknown tag", Some(stray), 2, 4),
            "Unknown tag; this `{% endif %}` closes nothing: remove it, or open what it closes"
        );
    }

    #[test]
    fn a_template_ending_inside_a_block_names_it() {
        let source = "{% block a %}\n{% set n = 1 %}{% if x %}y{% endif %}\n{% for i in l %}\n{% endfor %}\n";
        assert_eq!(
            with_hint("Unexpected end of input", Some(source), 5, 1),
            "Unexpected end of input; the template ends inside the `{% block a %}` of line 1: close it with `{% endblock %}`"
        );
    }

    /// The lists above are Tera's own: every name there is one Tera knows.
    #[test]
    fn a_pager_of_an_earlier_newsroom_is_told_what_changed() {
        let pager = "{#- pager #}\n{%- if pagination.total > 1 %}\n";
        let message = with_hint("Cannot compare `undefined` with `i64`", Some(pager), 2, 8);
        assert!(message.contains("`pagination.total` is gone"), "{message}");
        assert!(message.contains("newer_url"), "{message}");
        let tag = "<h1></h1>\n<p>{{ t(key=\"story_count\", count=total) }}</p>\n";
        let message = with_hint(
            "Invalid type for the value, expected `i64` but got `none`",
            Some(tag),
            2,
            26,
        );
        assert!(message.contains("{% if total %}"), "{message}");
    }

    #[test]
    fn the_known_names_are_known_to_tera() {
        for filter in FILTERS {
            let mut tera = tera::Tera::new();
            let template = format!("{{{{ 1 | {filter} }}}}");
            if let Err(err) = tera.add_raw_template("probe", &template) {
                assert!(
                    !err.to_string().contains("Unknown filter"),
                    "{filter}: {err}"
                );
            }
        }
        for test in TESTS {
            let mut tera = tera::Tera::new();
            let template = format!("{{% if 1 is {test} %}}{{% endif %}}");
            if let Err(err) = tera.add_raw_template("probe", &template) {
                assert!(!err.to_string().contains("Unknown test"), "{test}: {err}");
            }
        }
        let mut tera = tera::Tera::new();
        let unknown = tera.add_raw_template("probe", "{{ 1 | uper }}");
        assert!(format!("{:?}", unknown.err()).contains("Unknown filter"));
    }
}
