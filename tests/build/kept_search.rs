//! The build cache keeps each language's search index with a hash of what it was made of, so a
//! build rebuilds the index of a language only when that language's stories changed, and the
//! postings it was made from, so that a rebuild tokenizes only the stories that changed. These
//! tests hold that reuse to the rule of every incremental build: the output is what a clean build
//! gives, whatever the cache holds.

use crate::incremental::assert_same_as_clean;
use crate::support::*;

fn two_language_site() -> Site {
    let site = Site::fixture();
    site.story(
        "en/politics/summit.md",
        "Summit opens",
        "2024-10-20 09:00:00",
        "tags: [summit]\nsummary: Leaders meet.",
    );
    site.story(
        "en/economy/rates.md",
        "Rates held",
        "2024-10-21 10:00:00",
        "tags: [rates]",
    );
    site.story(
        "ko/politics/summit.md",
        "정상회의 개막",
        "2024-10-20 09:00:00",
        "tags: [정상회의]",
    );
    site
}

/// The files of a language's index, with their bytes.
fn index_of(site: &Site, code: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(&site.out().join(code).join("search"))
}

#[test]
fn an_edit_in_one_language_changes_that_language_s_index_only_and_as_a_clean_build_would() {
    let site = two_language_site();
    site.cmd("build").run();
    let english = index_of(&site, "en");
    let korean = index_of(&site, "ko");

    site.edit("content/ko/politics/summit.md", |t| {
        format!("{t}\n고래상어가 관측되었다.\n")
    });
    site.cmd("build").run();
    assert_same_as_clean(&site, "a Korean body");
    assert_same_files(&english, &index_of(&site, "en"), "the English index");
    assert_ne!(
        korean,
        index_of(&site, "ko"),
        "the Korean index kept the old body"
    );

    // A summary is searched too: the English index is built again, the Korean one kept.
    let korean = index_of(&site, "ko");
    site.replace(
        "content/en/politics/summit.md",
        "summary: Leaders meet.",
        "summary: Leaders meet at the lighthouse.",
    );
    site.cmd("build").run();
    assert_same_as_clean(&site, "an English summary");
    assert_ne!(
        english,
        index_of(&site, "en"),
        "the English index kept the old summary"
    );
    assert_same_files(&korean, &index_of(&site, "ko"), "the Korean index");
}

/// Spoils a table of the build cache's kept work: `other`'s entry (readable, but made of other
/// stories) is copied over `language`'s, and `other`'s is replaced by bytes that decode to nothing.
pub(crate) fn spoil_kept(site: &Site, table: &str, language: &str, other: &str) {
    use redb::ReadableTable;
    let definition: redb::TableDefinition<&str, &[u8]> = redb::TableDefinition::new(table);
    let db = redb::Database::open(site.parent().join(".public.newsroom/build.redb")).unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut entries = txn.open_table(definition).unwrap();
        let copied = entries
            .get(other)
            .unwrap()
            .unwrap_or_else(|| panic!("{table}: {other} is kept"))
            .value()
            .to_vec();
        assert!(
            entries.get(language).unwrap().is_some(),
            "{table}: {language} is kept"
        );
        entries.insert(language, copied.as_slice()).unwrap();
        entries.insert(other, [0xff_u8; 7].as_slice()).unwrap();
    }
    txn.commit().unwrap();
}

#[test]
fn a_kept_index_of_other_inputs_or_unreadable_is_built_again() {
    let site = two_language_site();
    site.cmd("build").run();
    spoil_kept(&site, "search", "ko", "en");
    // A template edit renders every page again, the search files included.
    site.edit("templates/base.html", |t| {
        t.replace("</footer>", "<p>edited</p></footer>")
    });
    site.cmd("build").run();
    assert_same_as_clean(&site, "kept indexes that do not fit");
}

#[test]
fn kept_postings_of_another_language_or_unreadable_are_not_reused() {
    let site = two_language_site();
    site.cmd("build").run();
    // The Korean story has the English one's minute, so its id, but not its signature.
    spoil_kept(&site, "postings", "ko", "en");
    site.edit("content/ko/politics/summit.md", |t| {
        format!("{t}\n고래상어가 관측되었다.\n")
    });
    site.edit("content/en/economy/rates.md", |t| {
        format!("{t}\nA whale shark was seen.\n")
    });
    site.cmd("build").run();
    assert_same_as_clean(&site, "kept postings that do not fit");
}
