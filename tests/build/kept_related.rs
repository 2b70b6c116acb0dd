//! The build cache keeps each language's related stories with a hash of what they were worked out
//! from (tags, categories and times), so that a build where those did not change does not work
//! them out again. Whatever the cache holds, the output is what a clean build gives.

use crate::incremental::assert_same_as_clean;
use crate::kept_search::spoil_kept;
use crate::related::related;
use crate::support::Site;

fn tagged_site() -> Site {
    let site = Site::fixture();
    site.story(
        "en/politics/a.md",
        "A",
        "2029-12-31 10:00:00",
        "tags: [budget]",
    )
    .story(
        "en/politics/budget.md",
        "Budget",
        "2029-12-20 10:00:00",
        "tags: [budget]",
    )
    .story(
        "en/economy/harbour.md",
        "Harbour",
        "2029-12-30 10:00:00",
        "tags: [harbour]",
    )
    .story(
        "ar/politics/a.md",
        "أ",
        "2029-12-31 10:00:00",
        "tags: [budget]",
    )
    .story(
        "ar/politics/b.md",
        "ب",
        "2029-12-30 10:00:00",
        "tags: [budget]",
    );
    site
}

#[test]
fn a_tag_or_a_date_edited_works_the_lists_out_again_and_a_body_edit_keeps_them() {
    let site = tagged_site();
    site.cmd("build").run();
    assert_eq!(
        related(&site, "/en/economy/harbour/"),
        Vec::<String>::new(),
        "harbour shares nothing yet"
    );

    // A body edit: the lists are kept, and still right.
    site.edit("content/en/politics/budget.md", |t| {
        format!("{t}\nThe vote is on Friday.\n")
    });
    site.cmd("build").run();
    assert_same_as_clean(&site, "a body");
    assert_eq!(
        related(&site, "/en/politics/a/"),
        vec!["/en/politics/budget/"]
    );

    // A tag: the English lists are worked out again.
    site.replace(
        "content/en/economy/harbour.md",
        "tags: [harbour]",
        "tags: [harbour, budget]",
    );
    site.cmd("build").run();
    assert_same_as_clean(&site, "a tag");
    assert!(
        related(&site, "/en/economy/harbour/").contains(&"/en/politics/a/".to_string()),
        "the kept lists missed the new tag: {:?}",
        related(&site, "/en/economy/harbour/")
    );

    // A date that moves a story before another: the order the lists were kept in changes.
    site.replace(
        "content/en/politics/budget.md",
        "2029-12-20 10:00:00",
        "2029-12-31 11:00:00",
    );
    site.cmd("build").run();
    assert_same_as_clean(&site, "a date");
    assert_eq!(related(&site, "/ar/politics/a/"), vec!["/ar/politics/b/"]);
}

#[test]
fn kept_lists_of_other_inputs_or_unreadable_are_worked_out_again() {
    let site = tagged_site();
    site.cmd("build").run();
    spoil_kept(&site, "related", "ar", "en");
    // A template edit renders every page again, with whatever lists the build settles on.
    site.edit("templates/base.html", |t| {
        t.replace("</footer>", "<p>edited</p></footer>")
    });
    site.cmd("build").run();
    assert_same_as_clean(&site, "kept lists that do not fit");
    assert_eq!(related(&site, "/ar/politics/a/"), vec!["/ar/politics/b/"]);
}
