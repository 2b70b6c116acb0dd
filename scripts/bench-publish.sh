#!/usr/bin/env bash
# Benchmark of publishing with the build cache (issue 10), release build, on a generated site of
# COUNT stories in each of three languages (scripts/gen-bench-site.py; default 10,000, so 30,000
# articles). For each step it prints wall time, CPU time (user+sys), peak memory, and what the
# build says it read, rendered, wrote and removed:
#
#   clean build, no-op rebuild, one story's body edited, one new story (the newest), one
#   backdated story (filed late into the archive), one editor's pick
#   changed, a template edited
#
# and, as the floor a clean build is measured against, `cp -r` of the clean output. Each
# incremental output is checked byte for byte against a clean build of the same sources.
#
#   scripts/bench-publish.sh [COUNT]     # needs python3 and /usr/bin/time
#
# Figures from one run compare with each other; absolute times depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
cargo build --release --quiet
bin=$PWD/target/release/newsroom
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site=$work/site
python3 scripts/gen-bench-site.py "$site" "$count" >/dev/null
# gen-bench-site.py writes a story every 97 minutes from 2023-01-01: the new story of the bench is
# the next one, just after the newest, and the clock (2030-01-01, or a day after that story)
# publishes it.
newest=$(date -u -d "2023-01-01 00:00 UTC + $((97 * count)) minutes" +%s)
export SOURCE_DATE_EPOCH=$((newest + 86400 > 1893456000 ? newest + 86400 : 1893456000))
just_in=$(date -u -d "@$newest" '+%Y-%m-%d %H:%M:%S')

step() { # name, then the build's extra arguments
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" build --root "$site" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2
    exit 1
  }
  read -r wall user sys kb <"$work/time"
  local work_line
  work_line=$(grep '^read ' "$work/out" || true)
  printf '%-22s wall %6.2f s  cpu %6.2f s  peak %5d MB  | %s\n' "$name" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" $((kb / 1024)) "$work_line"
}

same_as_clean() {
  rm -rf "$work/clean" "$work/.clean.newsroom"
  "$bin" build --quiet --root "$site" --out "$work/clean" >/dev/null
  if diff -rq --exclude=.newsroom-output "$site/public" "$work/clean" >/dev/null; then
    echo "                       (byte-identical to a clean build)"
  else
    echo "                       DIFFERS from a clean build" >&2
    exit 1
  fi
}

echo "site: $count stories in each of 3 languages ($((count * 3)) articles)"
"$bin" build --quiet --root "$site" --out "$work/warm" >/dev/null # fill the page cache
rm -rf "$work/warm" "$work/.warm.newsroom"
step "clean build" --clean
/usr/bin/time -f "%e" -o "$work/cp" cp -r "$site/public" "$work/copy"
printf '%-22s wall %6.2f s\n' "cp -r of the output" "$(cat "$work/cp")"
rm -rf "$work/copy"
step "no-op rebuild"
story=$(find "$site/content/en" -name 'story-00042.md')
echo "An added paragraph, as an editor would write it." >>"$story"
step "one body edited"
same_as_clean
printf -- '---\ntitle: A new story\ncategory: politics\nwritten: %s\nsummary: Just in.\n---\n\nNew.\n' \
  "$just_in" >"$site/content/en/politics/new-story.md"
step "one new story"
same_as_clean
# A story filed late, dated in the middle of the archive: every numbered list page newer than it
# moves by one story, so this one costs pages in proportion to how far back it is dated.
printf -- '---\ntitle: A late story\ncategory: politics\nwritten: 2024-06-01 09:00:00\nsummary: Filed late.\n---\n\nLate.\n' \
  >"$site/content/en/politics/late-story.md"
step "one backdated story"
same_as_clean
pick=$(find "$site/content/en" -name "$(printf 'story-%05d.md' $((count - 1)))")
sed -i 's/^editor_pick: false/editor_pick: true/' "$pick"
step "one pick changed"
same_as_clean
sed -i 's|</footer>|<p>Edited.</p></footer>|' "$site/templates/base.html"
step "a template edited"
same_as_clean
