//! Checks of single values of `site.yaml` that serde cannot make: URLs, time zones, date formats,
//! language codes, category keys and cookie names, and the guessed `og:locale` of a language.

use chrono::format::{Item, StrftimeItems};
use chrono_tz::Tz;

/// The usual territory of a language for `og:locale`; a code with a region (`pt-br`) keeps it.
pub(super) fn default_locale(code: &str) -> String {
    if let Some((language, region)) = code.split_once('-') {
        return format!("{language}_{}", region.to_ascii_uppercase());
    }
    let region = match code {
        "en" => "US",
        "ko" => "KR",
        "id" => "ID",
        "ar" => "AR",
        "ja" => "JP",
        "zh" => "CN",
        "vi" => "VN",
        "es" => "ES",
        "fr" => "FR",
        "de" => "DE",
        "ru" => "RU",
        other => return other.to_string(),
    };
    format!("{code}_{region}")
}

/// An absolute http(s) URL ending in `/`, so that site paths can be appended to it.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !url.contains(char::is_whitespace)
                && !url.contains(['?', '#', '@', '\\']) =>
        {
            Ok(if url.ends_with('/') {
                url.to_string()
            } else {
                format!("{url}/")
            })
        }
        _ => Err(format!(
            "base_url '{url}' must be an absolute http(s) URL such as https://news.example.org/ or https://example.org/news/, without a query, fragment or user name"
        )),
    }
}

pub(super) fn parse_timezone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| {
        let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
        let lower = name.to_ascii_lowercase();
        let same_but_case = names.iter().find(|n| n.to_ascii_lowercase() == lower);
        match same_but_case
            .copied()
            .or_else(|| crate::diagnostics::nearest(name, &names))
        {
            Some(near) => format!("'{name}' is not an IANA time zone name; did you mean '{near}'?"),
            None => format!(
                "'{name}' is not an IANA time zone name; use one such as 'Asia/Seoul' or 'UTC'"
            ),
        }
    })
}

pub(super) fn is_valid_date_format(format: &str) -> bool {
    StrftimeItems::new(format).all(|item| !matches!(item, Item::Error))
}

/// A BCP 47-like code: a lower-case primary tag of 2-3 letters, then `-`-separated subtags.
pub(super) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Category keys become URL segments, so they are kept to one unsurprising alphabet.
pub(super) fn is_category_key(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with('-')
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A small alphabet, so the name needs no quoting in the cookie the consent script sets.
pub(super) fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
