#!/usr/bin/env bash
# Benchmark of `newsroom build` (release build) on generated sites of 1,000 and 10,000 stories in
# each of three languages. It prints wall time, CPU time and peak memory of each, the ratio between
# the two sizes (a build should scale about linearly: ~10x the stories, ~10x the time), and checks
# that two builds of the large site are byte-identical.
#
#   scripts/bench-build.sh            # needs python3; /usr/bin/time for memory figures
#
# Figures from one run compare with each other; absolute times depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # site out -> prints "wall_s user_s sys_s max_rss_kb" and the build's last line
  local site=$1 out=$2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" target/release/newsroom build --quiet --root "$site" --out "$out" >"$work/last"
  echo "$(cat "$work/time") | $(tail -1 "$work/last")"
}

declare -A wall cpu rss
for count in 1000 10000; do
  site="$work/site-$count"
  python3 scripts/gen-bench-site.py "$site" "$count" >/dev/null
  measure "$site" "$work/warm-$count" >/dev/null # fill the page cache
  best=""; best_cpu=""
  for run in 1 2 3; do
    line=$(measure "$site" "$work/out-$count")
    read -r seconds user _ kb _ <<<"$line"
    echo "stories/language=$count run=$run wall_s user_s sys_s max_rss_kb: $line"
    if [ -z "$best" ] || awk "BEGIN{exit !($seconds < $best)}"; then best=$seconds; fi
    if [ -z "$best_cpu" ] || awk "BEGIN{exit !($user < $best_cpu)}"; then best_cpu=$user; fi
    rss[$count]=$kb
  done
  wall[$count]=$best
  cpu[$count]=$best_cpu
done
# CPU time is the steadier figure on a shared machine: wall time also waits for a busy disk.
awk -v a="${wall[1000]}" -v b="${wall[10000]}" 'BEGIN{printf "best wall time: 3,000 stories %.2f s, 30,000 stories %.2f s; ratio %.1f for 10x the stories\n", a, b, b/a}'
awk -v a="${cpu[1000]}" -v b="${cpu[10000]}" 'BEGIN{printf "best CPU (user) time: 3,000 stories %.2f s, 30,000 stories %.2f s; ratio %.1f for 10x the stories\n", a, b, b/a}'
echo "peak memory: 3,000 stories ${rss[1000]} KB, 30,000 stories ${rss[10000]} KB"

target/release/newsroom build --quiet --root "$work/site-10000" --out "$work/again" >/dev/null
if diff -rq "$work/out-10000" "$work/again" >/dev/null; then
  echo "two builds of 30,000 stories: byte-identical"
else
  echo "two builds of 30,000 stories DIFFER" >&2
  exit 1
fi
