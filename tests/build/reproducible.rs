//! The same input gives byte-identical output, whatever the number of threads and whatever was in
//! the output folder before.

use crate::support::*;

#[test]
fn two_builds_are_byte_identical() {
    let one = Site::sample();
    let two = Site::sample();
    one.cmd("build").env("RAYON_NUM_THREADS", "1").run();
    two.cmd("build").env("RAYON_NUM_THREADS", "8").run();
    let first = snapshot(&one.out());
    assert!(first.len() > 50, "{} files", first.len());
    assert_same_files(&first, &snapshot(&two.out()), "two builds");
    assert_same_files(&first, &snapshot(&sample().out), "the shared sample build");
    // Building again over an existing output gives the same bytes too.
    one.cmd("build").run();
    assert_same_files(
        &first,
        &snapshot(&one.out()),
        "a rebuild over the old output",
    );
}
