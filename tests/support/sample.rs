//! The repository's sample site: its one shared build, and what its own files say it holds.
//!
//! The sample grows (more languages, more stories), so tests never count its stories or list its
//! languages by hand: they ask [`sample_site`], which reads `site.yaml`, the UI strings and the
//! front-matter of every content file.

use super::command::Run;
use super::files::scratch_dir;
use super::site::Site;
use super::{EPOCH, repo_root};
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The sample site built once per test binary, with no flags and `SOURCE_DATE_EPOCH` = [`EPOCH`].
pub struct SampleBuild {
    pub site: Site,
    pub out: PathBuf,
    pub run: Run,
}

pub fn sample() -> &'static SampleBuild {
    static SAMPLE: OnceLock<SampleBuild> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let site = Site::sample_into(scratch_dir("sample").join("public"));
        let run = site.cmd("build").run();
        SampleBuild {
            out: site.out(),
            site,
            run,
        }
    })
}

/// What the sample site's files say: settings, languages, categories, and every content file.
pub struct SampleSite {
    pub settings: serde_yaml::Value,
    /// In `site.yaml` order.
    pub languages: Vec<Language>,
    pub default_language: String,
    /// In `site.yaml` order.
    pub categories: Vec<Category>,
    pub page_size: usize,
    pub editor_picks: usize,
    /// Every content file, articles and standalone pages, published or not, sorted by file.
    pub stories: Vec<SampleStory>,
}

pub struct Language {
    pub code: String,
    /// The BCP 47 tag of its `lang` and `hreflang` attributes: `tag` in site.yaml, else the code.
    pub tag: String,
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: String,
}

pub struct Category {
    pub key: String,
    /// Language code -> label.
    pub labels: BTreeMap<String, String>,
}

/// One content file of the sample site.
pub struct SampleStory {
    /// `content/id/politics/nato-call.md`
    pub file: String,
    pub code: String,
    /// The translation key: `translation_key`, else the path below the language folder without
    /// the extension (`politics/nato-call`).
    pub key: String,
    /// `None` for a standalone page.
    pub category: Option<String>,
    /// `/id/politics/nato-call/`
    pub url: String,
    pub draft: bool,
    pub written: Option<DateTime<FixedOffset>>,
    pub editor_pick: bool,
    pub front: serde_yaml::Value,
}

impl SampleStory {
    pub fn is_article(&self) -> bool {
        self.category.is_some()
    }

    /// Dated after `epoch` (seconds since 1970).
    pub fn is_after(&self, epoch: i64) -> bool {
        self.written.is_some_and(|w| w.timestamp() > epoch)
    }

    /// Published by a build with no flags at [`EPOCH`].
    pub fn is_published(&self) -> bool {
        !self.draft && !self.is_after(epoch())
    }

    /// `id/politics/nato-call/index.html`
    pub fn output_file(&self) -> String {
        format!("{}index.html", self.url.trim_start_matches('/'))
    }
}

/// [`EPOCH`] as a number.
pub fn epoch() -> i64 {
    EPOCH.parse().expect("EPOCH is a number")
}

impl SampleSite {
    pub fn codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.code.as_str()).collect()
    }

    pub fn language(&self, code: &str) -> &Language {
        self.languages
            .iter()
            .find(|l| l.code == code)
            .unwrap_or_else(|| panic!("'{code}' is not a language of the sample"))
    }

    /// Articles a build with no flags publishes.
    pub fn published_articles(&self) -> impl Iterator<Item = &SampleStory> {
        self.stories
            .iter()
            .filter(|s| s.is_article() && s.is_published())
    }

    /// The published articles of one language and category.
    pub fn articles_in(&self, code: &str, category: &str) -> Vec<&SampleStory> {
        self.published_articles()
            .filter(|s| s.code == code && s.category.as_deref() == Some(category))
            .collect()
    }

    /// The published versions of a story or page, in `site.yaml` language order.
    pub fn versions(&self, key: &str, is_article: bool) -> Vec<&SampleStory> {
        let mut versions: Vec<&SampleStory> = self
            .stories
            .iter()
            .filter(|s| s.key == key && s.is_article() == is_article && s.is_published())
            .collect();
        let order = self.codes();
        versions.sort_by_key(|s| order.iter().position(|c| *c == s.code));
        versions
    }

    /// What the language switcher of a page with these `versions` shows: every language in
    /// `site.yaml` order as (tag, URL), leading to its version where there is one, else to that
    /// language's front page.
    pub fn expected_switcher(&self, versions: &[&SampleStory]) -> Vec<(String, String)> {
        self.languages
            .iter()
            .map(|l| {
                let target = versions
                    .iter()
                    .find(|v| v.code == l.code)
                    .map_or_else(|| format!("/{}/", l.code), |v| v.url.clone());
                (l.tag.clone(), target)
            })
            .collect()
    }

    pub fn story(&self, file: &str) -> &SampleStory {
        self.stories
            .iter()
            .find(|s| s.file == file)
            .unwrap_or_else(|| panic!("{file} is not a content file of the sample"))
    }

    /// The UI strings of one language (of a string with plural forms, its `other` form).
    pub fn i18n(&self, code: &str) -> BTreeMap<String, String> {
        let text = std::fs::read_to_string(repo_root().join(format!("i18n/{code}.yaml")))
            .expect("read the i18n file");
        let values: BTreeMap<String, serde_yaml::Value> =
            serde_yaml::from_str(&text).expect("i18n is a map");
        values
            .into_iter()
            .map(|(key, value)| {
                let text = match &value {
                    serde_yaml::Value::Mapping(forms) => forms.get("other").cloned(),
                    _ => Some(value.clone()),
                };
                let text = text.and_then(|v| v.as_str().map(str::to_string));
                (key, text.expect("a text or plural forms with 'other'"))
            })
            .collect()
    }

    /// A language's cookie-policy URL (`consent.policy_url` in site.yaml).
    pub fn language_policy_url(&self, code: &str) -> String {
        self.settings["consent"]["policy_url"][code]
            .as_str()
            .unwrap_or_else(|| panic!("the sample has a cookie policy in '{code}'"))
            .to_string()
    }

    /// The BCP 47 tag of a language's `lang` attribute.
    pub fn tag(&self, code: &str) -> &str {
        &self.language(code).tag
    }

    /// A setting of one language: its own where `site.yaml` sets one, else the site's.
    pub fn language_setting(&self, code: &str, key: &str) -> Option<String> {
        let languages = self.settings["languages"].as_sequence()?;
        let own = languages
            .iter()
            .find(|l| l["code"].as_str() == Some(code))
            .and_then(|l| l.get(key))
            .and_then(|v| v.as_str());
        own.or_else(|| self.settings.get(key).and_then(|v| v.as_str()))
            .map(str::to_string)
    }
}

/// The sample site's files, read once.
pub fn sample_site() -> &'static SampleSite {
    static SITE: OnceLock<SampleSite> = OnceLock::new();
    SITE.get_or_init(read_sample)
}

fn read_sample() -> SampleSite {
    let text = std::fs::read_to_string(repo_root().join("site.yaml")).expect("read site.yaml");
    let settings: serde_yaml::Value = serde_yaml::from_str(&text).expect("site.yaml is YAML");
    let text_of = |v: &serde_yaml::Value| v.as_str().map(str::to_string);
    let languages: Vec<Language> = settings["languages"]
        .as_sequence()
        .expect("languages is a list")
        .iter()
        .map(|l| Language {
            code: text_of(&l["code"]).expect("a language code"),
            tag: text_of(&l["tag"]).unwrap_or_else(|| text_of(&l["code"]).expect("a code")),
            name: text_of(&l["name"]).expect("a language name"),
            dir: text_of(&l["dir"]).unwrap_or_else(|| "ltr".to_string()),
        })
        .collect();
    let categories = settings["categories"]
        .as_mapping()
        .expect("categories is a mapping")
        .iter()
        .map(|(key, labels)| Category {
            key: text_of(key).expect("a category key"),
            labels: serde_yaml::from_value(labels.clone()).expect("labels by language"),
        })
        .collect();
    let number = |key: &str| settings[key].as_u64().expect("a number") as usize;
    let timezone: chrono_tz::Tz = text_of(&settings["timezone"])
        .expect("a time zone")
        .parse()
        .expect("a known time zone");
    let content = repo_root().join("content");
    let mut stories: Vec<SampleStory> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk content/"))
        .filter(|e| e.file_type().is_file() && is_markdown(e.path()))
        .map(|e| {
            let below: Vec<String> = e
                .path()
                .strip_prefix(&content)
                .expect("below content/")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            read_story(&below, timezone)
        })
        .collect();
    stories.sort_by(|a, b| a.file.cmp(&b.file));
    SampleSite {
        default_language: text_of(&settings["default_language"]).expect("a default language"),
        page_size: number("page_size"),
        editor_picks: number("editor_picks"),
        languages,
        categories,
        stories,
        settings,
    }
}

fn is_markdown(path: &std::path::Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let extension = path.extension().unwrap_or_default().to_string_lossy();
    !name.starts_with('.')
        && (extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown"))
}

/// One content file, from its path below `content/` (`["id", "politics", "nato-call.md"]`).
fn read_story(below: &[String], timezone: chrono_tz::Tz) -> SampleStory {
    let file = format!("content/{}", below.join("/"));
    let front = front_matter(&file);
    let code = below[0].clone();
    let path = below[1..].join("/");
    let stem = path
        .rsplit_once('.')
        .map_or(path.as_str(), |(stem, _)| stem);
    let field = |key: &str| front.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let key = field("translation_key").unwrap_or_else(|| stem.to_string());
    let slug = field("slug")
        .unwrap_or_else(|| stem.rsplit('/').next().unwrap_or(stem).to_string())
        .to_lowercase();
    let category = (below[1] != "pages").then(|| field("category").expect("a category"));
    let url = match &category {
        Some(category) => format!("/{code}/{category}/{slug}/"),
        None => format!("/{code}/{slug}/"),
    };
    let written = field("written").map(|text| {
        DateTime::parse_from_rfc3339(&text).unwrap_or_else(|_| {
            let naive = NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S")
                .unwrap_or_else(|e| panic!("{file}: written {text:?}: {e}"));
            timezone
                .from_local_datetime(&naive)
                .single()
                .expect("one instant")
                .fixed_offset()
        })
    });
    let flag = |key: &str| front.get(key).and_then(|v| v.as_bool()).unwrap_or(false);
    SampleStory {
        draft: flag("draft"),
        editor_pick: flag("editor_pick"),
        file,
        code,
        key,
        category,
        url,
        written,
        front,
    }
}

/// The front-matter of a sample content file, e.g. `content/id/politics/nato-call.md`.
pub fn front_matter(relative: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo_root().join(relative))
        .unwrap_or_else(|e| panic!("read {relative}: {e}"));
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").expect("front-matter opens");
    let end = rest.find("\n---\n").expect("front-matter closes");
    serde_yaml::from_str(&rest[..end]).expect("front-matter is YAML")
}

/// A string field of a YAML mapping (`photo.credit` reaches into `photo`).
pub fn yaml_str(value: &serde_yaml::Value, dotted: &str) -> String {
    let mut current = value;
    for key in dotted.split('.') {
        current = current
            .get(key)
            .unwrap_or_else(|| panic!("no field {dotted} in {value:?}"));
    }
    match current {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        other => panic!("{dotted} is not a string: {other:?}"),
    }
}

/// Paragraphs of a sample file's Markdown body (blocks between blank lines), white space
/// collapsed.
pub fn paragraphs(relative: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo_root().join(relative)).expect("read the story");
    let text = text.replace("\r\n", "\n");
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .expect("a body after the front-matter");
    body.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}
