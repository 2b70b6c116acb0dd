//! `consent:` of `site.yaml`: the cookie, the revision, and the purposes a reader chooses among.

use super::raw::{RawConsent, RawPurpose};
use super::site::{Checks, Declared};
use super::validate::{is_category_key, is_cookie_name};
use super::{Consent, Purpose};

/// The purposes of a site that declares none: what the snippet offered before purposes existed.
const DEFAULT_PURPOSES: [(&str, bool); 2] = [("necessary", true), ("analytics", false)];

pub(super) fn consent(raw: &RawConsent, declared: &Declared, checks: &mut Checks) -> Consent {
    if !is_cookie_name(&raw.cookie_name) {
        checks.error(
            "consent",
            format!(
                "consent.cookie_name '{}' may hold only ASCII letters, digits, '-' and '_'",
                raw.cookie_name
            ),
        );
    }
    let policy_urls = raw
        .policy_url
        .as_ref()
        .map(|localized| declared.localize(localized, "consent.policy_url", checks))
        .unwrap_or_default();
    let purposes = match &raw.categories {
        Some(list) => purposes(list, declared, checks),
        None => DEFAULT_PURPOSES
            .iter()
            .map(|(key, necessary)| Purpose {
                key: key.to_string(),
                necessary: *necessary,
                titles: None,
                descriptions: None,
            })
            .collect(),
    };
    Consent {
        mode: raw.mode,
        policy_urls,
        cookie_name: raw.cookie_name.clone(),
        max_age_days: raw.max_age_days,
        revision: raw.revision,
        purposes,
        embed_purpose: raw.embeds.purpose.clone(),
        embed_load_once: raw.embeds.load_once,
    }
}

/// The declared purposes; a bad or repeated key is reported and left out. Whether the embeds'
/// purpose is declared is checked where an embed needs it, so a site without embeds need not.
fn purposes(raw: &[RawPurpose], declared: &Declared, checks: &mut Checks) -> Vec<Purpose> {
    if raw.is_empty() {
        checks.error(
            "consent",
            "consent.categories is empty; declare at least the necessary cookies, or leave the list out",
        );
    }
    let mut purposes: Vec<Purpose> = Vec::new();
    for item in raw {
        let key = &item.key;
        if !is_category_key(key) {
            checks.error(
                "consent",
                format!(
                    "consent.categories: the key '{key}' may hold only lowercase ASCII letters, digits and '-'"
                ),
            );
            continue;
        }
        if purposes.iter().any(|p| &p.key == key) {
            checks.error(
                "consent",
                format!("consent.categories: the key '{key}' is declared twice"),
            );
            continue;
        }
        let what = |field: &str| format!("consent.categories.{key}.{field}");
        purposes.push(Purpose {
            key: key.clone(),
            necessary: item.necessary,
            titles: item
                .title
                .as_ref()
                .map(|t| declared.localize(t, &what("title"), checks)),
            descriptions: item
                .description
                .as_ref()
                .map(|d| declared.localize(d, &what("description"), checks)),
        });
    }
    purposes
}
