//! The per-language report of `check`: what each language lacks that readers would see, so an
//! editor knows what to hand to which translator. Missing stories come from `translations`.

use super::translations::MissingTranslation;
use crate::config::I18n;
use crate::diagnostics::{plural, plural_of};
use crate::model::Site;
use serde::Serialize;
use std::collections::BTreeMap;

/// What one language lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LanguageGaps {
    /// UI string keys its `i18n/<code>.yaml` lacks (the default language's text shows).
    pub missing_ui_strings: Vec<String>,
    /// Per key, the plural forms its CLDR rules use and its file lacks (`other` shows).
    pub missing_plural_forms: BTreeMap<String, Vec<String>>,
    /// Category keys whose label is the default language's.
    pub untranslated_categories: Vec<String>,
    /// Stories and pages with no version in it.
    pub missing_translations: usize,
}

impl LanguageGaps {
    fn is_complete(&self) -> bool {
        *self == LanguageGaps::default()
    }

    /// `2 missing UI strings (rss, tags); 1 string missing plural forms (story_count: few, many)`.
    pub fn line(&self) -> String {
        if self.is_complete() {
            return "complete".to_string();
        }
        let listed = |items: &[String]| {
            if items.is_empty() {
                String::new()
            } else {
                format!(" ({})", items.join(", "))
            }
        };
        let forms: Vec<String> = self
            .missing_plural_forms
            .iter()
            .map(|(key, forms)| format!("{key}: {}", forms.join(", ")))
            .collect();
        [
            format!(
                "{}{}",
                plural(self.missing_ui_strings.len(), "missing UI string"),
                listed(&self.missing_ui_strings)
            ),
            format!(
                "{}{}",
                plural_of(
                    forms.len(),
                    "UI string missing plural forms",
                    "UI strings missing plural forms"
                ),
                listed(&forms)
            ),
            format!(
                "{}{}",
                plural(
                    self.untranslated_categories.len(),
                    "untranslated category label"
                ),
                listed(&self.untranslated_categories)
            ),
            plural_of(
                self.missing_translations,
                "story without a translation",
                "stories without a translation",
            ),
        ]
        .join("; ")
    }
}

/// Every language's gaps, in `site.yaml` order.
pub(super) fn language_gaps(
    site: &Site,
    i18n: &I18n,
    missing: &[(String, Vec<MissingTranslation>)],
) -> Vec<(String, LanguageGaps)> {
    site.config
        .languages
        .iter()
        .map(|language| {
            let code = &language.code;
            let gaps = LanguageGaps {
                missing_ui_strings: i18n.missing.get(code).cloned().unwrap_or_default(),
                missing_plural_forms: i18n
                    .missing_forms
                    .get(code)
                    .map(|forms| forms.iter().cloned().collect())
                    .unwrap_or_default(),
                untranslated_categories: site
                    .config
                    .categories
                    .iter()
                    .filter(|c| c.untranslated.contains(code))
                    .map(|c| c.key.clone())
                    .collect(),
                missing_translations: missing
                    .iter()
                    .find(|(c, _)| c == code)
                    .map_or(0, |(_, items)| items.len()),
            };
            (code.clone(), gaps)
        })
        .collect()
}
