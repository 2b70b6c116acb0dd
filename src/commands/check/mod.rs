//! `newsroom check`: everything a build reads and renders, in memory, with nothing written; then
//! the links of the rendered pages and the translations the site lacks.
//!
//! The rendered HTML is read with `scraper` (html5ever), a browser-grade parser: attribute values
//! arrive with their entities decoded and quotes handled, and text that merely looks like markup
//! (inside scripts, comments or escaped article text) is never mistaken for a link.

mod images;
mod languages;
mod links;
mod translations;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity, display_path, plural};
use crate::model::Job;
use crate::output::Memory;
use crate::pipeline::{self, BuildOptions, Silent};
use clap::ValueEnum;
use images::check_body_images;
use languages::{LanguageGaps, language_gaps};
use links::check_links;
use std::process::ExitCode;
use translations::{MissingTranslation, missing_translations};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Per language code, in `site.yaml` order (every language is present, possibly empty).
    pub missing_translations: Vec<(String, Vec<MissingTranslation>)>,
    /// Per language code, in `site.yaml` order: what it lacks.
    pub languages: Vec<(String, LanguageGaps)>,
    /// Whether the site loaded and rendered whole; when not, links and translations were checked
    /// on what could be rendered (`partial`), or not at all.
    pub complete: bool,
    /// Content files had errors: the rest was rendered and checked without them.
    pub partial: bool,
    pub pages: usize,
    pub links: usize,
    pub broken_links: usize,
    /// What the build leaves out (drafts, stories dated after now), one line each.
    pub left_out: Vec<String>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn missing_count(&self) -> usize {
        self.missing_translations.iter().map(|(_, m)| m.len()).sum()
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            out.push_str(&format!("{diagnostic}\n"));
        }
        if !self.left_out.is_empty() {
            out.push_str("left out of the build:\n");
            self.left_out
                .iter()
                .for_each(|line| out.push_str(&format!("{line}\n")));
        }
        if self.partial {
            out.push_str(&format!(
                "links and translations were checked on the {} that could be built without the files with errors; links to those files count as broken until they are fixed\n",
                plural(self.pages, "page")
            ));
        }
        if self.complete || self.partial {
            out.push_str("translations:\n");
            for (language, missing) in &self.missing_translations {
                if missing.is_empty() {
                    out.push_str(&format!("  {language}: complete\n"));
                    continue;
                }
                out.push_str(&format!("  {language}: {} missing\n", missing.len()));
                for item in missing {
                    let kind = if item.kind == "page" { " (page)" } else { "" };
                    out.push_str(&format!(
                        "    {}{kind}: in {}, from {}\n",
                        item.key,
                        item.available.join(", "),
                        item.source
                    ));
                }
            }
            out.push_str("languages:\n");
            for (language, gaps) in &self.languages {
                out.push_str(&format!("  {language}: {}\n", gaps.line()));
            }
        } else {
            out.push_str("links and translations were not checked: fix the errors above first\n");
        }
        out.push_str(&format!("{}\n", self.summary()));
        out
    }

    /// `--quiet`: the errors and the last line only.
    pub fn errors_text(&self) -> String {
        let mut out = String::new();
        for diagnostic in self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            out.push_str(&format!("{diagnostic}\n"));
        }
        out.push_str(&format!("{}\n", self.summary()));
        out
    }

    pub fn summary(&self) -> String {
        let mut line = format!(
            "check: {}, {}",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning")
        );
        if self.complete || self.partial {
            line.push_str(&format!(
                "; {} with {} checked ({} broken); {}",
                plural(self.pages, "page"),
                plural(self.links, "internal link"),
                self.broken_links,
                plural(self.missing_count(), "missing translation"),
            ));
        }
        line
    }

    pub fn json(&self) -> serde_json::Value {
        let diagnostics: Vec<serde_json::Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                serde_json::json!({
                    "path": display_path(&d.location.path),
                    "line": d.location.line,
                    "column": d.location.column,
                    "severity": match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    "message": d.message,
                })
            })
            .collect();
        let missing: serde_json::Map<String, serde_json::Value> = self
            .missing_translations
            .iter()
            .map(|(language, items)| (language.clone(), serde_json::json!(items)))
            .collect();
        let languages: serde_json::Map<String, serde_json::Value> = self
            .languages
            .iter()
            .map(|(language, gaps)| (language.clone(), serde_json::json!(gaps)))
            .collect();
        serde_json::json!({
            "ok": self.errors() == 0,
            "complete": self.complete,
            "partial": self.partial,
            "diagnostics": diagnostics,
            "missing_translations": missing,
            "left_out": self.left_out.iter().map(|l| l.trim().trim_start_matches("left out ")).collect::<Vec<_>>(),
            "languages": languages,
            "counts": {
                "errors": self.errors(),
                "warnings": self.warnings(),
                "pages": self.pages,
                "links": self.links,
                "broken_links": self.broken_links,
                "missing_translations": self.missing_count(),
            },
        })
    }
}

pub fn run(options: &BuildOptions, format: Format, quiet: bool) -> ExitCode {
    let report = check(options);
    match format {
        Format::Text if quiet => print!("{}", report.errors_text()),
        Format::Text => print!("{}", report.text()),
        Format::Json => println!("{}", report.json()),
    }
    if report.errors() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Stories that expire within the next two days, so that the desk is not surprised when they go.
fn warn_of_expiries(site: &crate::model::Site, diagnostics: &mut Diagnostics) {
    let horizon = site.now + chrono::Duration::hours(EXPIRY_WARNING_HOURS);
    for article in &site.articles {
        let Some(expires) = article.expires else {
            continue;
        };
        if expires.with_timezone(&chrono::Utc) <= horizon {
            let hours = (expires.with_timezone(&chrono::Utc) - site.now).num_hours();
            diagnostics.warning(
                crate::diagnostics::Location::file(&article.source),
                format!(
                    "expires at {} (in {}): the story is taken down by the first build after that; remove 'expires' to keep it",
                    expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                    plural(hours.max(0) as usize, "hour")
                ),
            );
        }
    }
}

/// How far ahead `check` looks for stories about to expire.
const EXPIRY_WARNING_HOURS: i64 = 48;

/// Loads and renders the site as a build would, writing nothing, and checks what it produced.
pub fn check(options: &BuildOptions) -> Report {
    let mut diagnostics = Diagnostics::new();
    let mut report = Report::default();
    if let Some(loaded) = pipeline::load_what_can_be(options, &mut diagnostics) {
        let content_errors = diagnostics.has_errors();
        report.left_out = pipeline::left_out_lines(&loaded.site.left_out);
        let memory = Memory::default();
        let jobs: Vec<&Job> = loaded.jobs.iter().collect();
        let out = options.out_dir();
        match pipeline::render_into(&loaded, &jobs, &memory, &out, &Silent) {
            Ok(_) => {
                let pages = memory.into_sorted();
                report.complete = !content_errors;
                report.partial = content_errors;
                report.pages = pages.len();
                let out_label = out.strip_prefix(&options.root).unwrap_or(&out);
                let (links, broken) =
                    check_links(&loaded, &pages, &options.root, out_label, &mut diagnostics);
                report.links = links;
                report.broken_links = broken;
                check_body_images(&loaded.site, &options.root, &mut diagnostics);
                warn_of_expiries(&loaded.site, &mut diagnostics);
                report.missing_translations = missing_translations(&loaded.site);
                report.languages =
                    language_gaps(&loaded.site, &loaded.i18n, &report.missing_translations);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    report.diagnostics = diagnostics.sorted();
    report
}
