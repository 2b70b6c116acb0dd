#!/usr/bin/env bash
# Issue 12's figures: what photos cost a build and what they save a phone.
#
#  1. The sample site: a cold build (no output, no caches), a warm one (nothing changed), and a
#     clean build whose photo cache is warm (--clean): the difference between the first and the
#     last is the share of the cold build spent on images.
#  2. A generated site of PHOTOS stories (default 1000), each with its own 2400x1600 JPEG, the same
#     three figures, side by side with Hugo resizing the same photos to the same widths in WebP and
#     JPEG (.Resize "480x webp q75" ...), cold (no resources/_gen) and warm.
#  3. The bytes a phone (375 px wide, device pixel ratio 2, so the 960 px variant) downloads for a
#     sample article: HTML, CSS, JS and the lead photo, before (the original JPEG) and after.
#
# Usage: scripts/bench-photos.sh            (PHOTOS=200 scripts/bench-photos.sh for a quicker run)
# Needs: a Rust toolchain; hugo (apt-get install hugo) for the comparison, skipped without it.
set -euo pipefail
cd "$(dirname "$0")/.."
PHOTOS=${PHOTOS:-1000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-photos.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
cargo build --release --quiet --example sample-photos
BIN=$PWD/target/release/newsroom
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Prints the seconds one command takes, and keeps its output in $WORK/last.log.
timed() {
  local start end
  start=$(now)
  "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }
  end=$(now)
  seconds "$start" "$end"
}

three_builds() {
  local root=$1 out=$2 label=$3 cold warm clean
  rm -rf "$out" "$(dirname "$out")/.$(basename "$out").newsroom"
  cold=$(timed "$BIN" build --root "$root" --out "$out" --verbose)
  warm=$(timed "$BIN" build --root "$root" --out "$out" --verbose)
  local photos_warm
  photos_warm=$(grep '^photos:' "$WORK/last.log")
  clean=$(timed "$BIN" build --root "$root" --out "$out" --clean --verbose)
  local share
  share=$(awk -v c="$cold" -v k="$clean" 'BEGIN { printf "%.0f", (c - k) / c * 100 }')
  echo "$label: cold $cold s, warm $warm s ($photos_warm), clean with a warm photo cache $clean s; images are ${share}% of the cold build"
}

echo "== 1. the sample site"
three_builds "$PWD" "$WORK/sample/public" "sample ($(find static/images -name '*.jpg' -o -name '*.png' | wc -l) raster photos)"

echo "== 2. a generated site of $PHOTOS photos of 2400x1600"
SITE=$WORK/generated
mkdir -p "$SITE/content/en/news" "$SITE/static/images" "$SITE/i18n"
cp -r templates "$SITE/"
cp -r static/css static/js "$SITE/static/"
cp i18n/en.yaml "$SITE/i18n/"
cat >"$SITE/site.yaml" <<'EOF'
title: Bench
base_url: https://bench.example/
default_language: en
timezone: UTC
languages:
  - code: en
    name: English
categories:
  news: { en: News }
EOF
start=$(now)
target/release/examples/sample-photos --bench "$PHOTOS" "$SITE/static/images" >/dev/null
echo "rendered $PHOTOS photos in $(seconds "$start" "$(now)") s ($(du -sh "$SITE/static/images" | cut -f1))"
for i in $(seq 1 "$PHOTOS"); do
  day=$(( (i % 28) + 1 ))
  printf -- '---\ntitle: Story %d\ncategory: news\nwritten: 2024-10-%02d 09:%02d\nphoto:\n  src: images/photo-%d.jpg\n  alt: Photo %d\n---\n\nThe story %d.\n' \
    "$i" "$day" "$(( i % 60 ))" "$i" "$i" "$i" >"$SITE/content/en/news/story-$i.md"
done
three_builds "$SITE" "$WORK/generated-out/public" "newsroom, $PHOTOS photos"

if command -v hugo >/dev/null 2>&1; then
  HUGO=$WORK/hugo
  mkdir -p "$HUGO/content/posts" "$HUGO/assets/images" "$HUGO/layouts/_default"
  cp "$SITE"/static/images/*.jpg "$HUGO/assets/images/"
  cat >"$HUGO/hugo.toml" <<'EOF'
baseURL = "https://bench.example/"
title = "Bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[imaging]
quality = 75
resampleFilter = "Lanczos"
EOF
  cat >"$HUGO/layouts/_default/single.html" <<'EOF'
<!doctype html><title>{{ .Title }}</title>
{{- with resources.Get (printf "images/%s" .Params.photo) }}{{ $img := . }}
<picture>
<source type="image/webp" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q75" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q75" $w)).RelPermalink }} {{ $w }}w{{ end }}" width="{{ $img.Width }}" height="{{ $img.Height }}" alt="">
</picture>
{{- end }}
EOF
  printf '<!doctype html><title>{{ .Title }}</title>\n' >"$HUGO/layouts/_default/list.html"
  printf '<!doctype html><title>{{ .Site.Title }}</title>\n' >"$HUGO/layouts/index.html"
  for i in $(seq 1 "$PHOTOS"); do
    printf -- '---\ntitle: Story %d\nphoto: photo-%d.jpg\n---\nThe story %d.\n' "$i" "$i" "$i" >"$HUGO/content/posts/story-$i.md"
  done
  cold=$(timed hugo --source "$HUGO" --quiet)
  warm=$(timed hugo --source "$HUGO" --quiet)
  echo "hugo $(hugo version | awk '{print $2}'), $PHOTOS photos: cold $cold s (no resources/_gen), warm $warm s"
else
  echo "hugo: not installed (apt-get install hugo); comparison skipped"
fi

echo "== 3. bytes a 375 px phone at DPR 2 downloads for a sample article"
OUT=$WORK/sample/public
page=en/economy/trade-deal/index.html
html=$(wc -c <"$OUT/$page")
code=$(cat "$OUT"/css/site.css "$OUT"/css/consent.css "$OUT"/js/consent.js | wc -c)
lead=$(wc -c <"$(ls "$OUT"/images/harbour-morning.960w.*.webp)")
original=$(wc -c <static/images/harbour-morning.jpg)
echo "before: HTML $html + CSS/JS $code + the original JPEG $original = $(( html + code + original )) bytes"
echo "after:  HTML $html + CSS/JS $code + the 960w WebP $lead = $(( html + code + lead )) bytes (goal: photo < 81920, page < 153600)"
echo "(uncompressed bytes; other images of the page load lazily, below the fold)"
