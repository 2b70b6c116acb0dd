#!/usr/bin/env bash
# Benchmark of built-in search (issue 11), side by side with Pagefind 1.x on the same output: a
# generated site of COUNT stories in each of three languages (default 10,000; the bench corpus of
# scripts/gen-bench-site.py).
#
#   scripts/bench-search.sh [COUNT]     # needs python3, node/npm (for Pagefind), /usr/bin/time,
#                                       # chromium (for the bytes a query downloads) and
#                                       # chromedriver (for the time a query takes)
#
# It prints, per language, the index's size and file count (newsroom's and Pagefind's); the
# bytes a reader downloads for a two-word query with a cold cache, measured at a local server that
# logs every request a headless Chromium makes (the search page, its script and the index files
# for newsroom; Pagefind's script, WebAssembly, metadata, index chunks and fragments), raw and as a
# host would send them gzip-compressed; the share of a clean build's wall time that indexing takes
# (the same site built with and without `search: false`); the peak memory of each; and, from
# scripts/time-search-query.py on the same two folders, the time from pressing Enter on the search
# page to the first result card in headless Chromium, cold and warm, with 0 and 50 ms per request.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
repo=$(pwd)
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true' EXIT

site="$work/site"
python3 scripts/gen-bench-site.py "$site" "$count" >/dev/null
cp -r "$site" "$work/site-nosearch"
echo "search: false" >>"$work/site-nosearch/site.yaml"

measure() { # root out -> "wall_s cpu_s max_rss_kb"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" target/release/newsroom build --quiet --clean --root "$1" --out "$2" >/dev/null
  awk '{printf "%s %.2f %s", $1, $2 + $3, $4}' "$work/time"
}
measure "$site" "$work/warm" >/dev/null # fill the page cache
best_with=""; best_without=""; cpu_with=""; cpu_without=""
min() { if [ -z "$1" ] || awk "BEGIN{exit !($2 < $1)}"; then echo "$2"; else echo "$1"; fi; }
for run in 1 2 3; do
  read -r with with_cpu rss_with <<<"$(measure "$site" "$work/out")"
  read -r without without_cpu rss_without <<<"$(measure "$work/site-nosearch" "$work/out-nosearch")"
  echo "run $run: build with search ${with} s wall, ${with_cpu} s CPU (peak ${rss_with} KB); without ${without} s wall, ${without_cpu} s CPU (peak ${rss_without} KB)"
  best_with=$(min "$best_with" "$with"); best_without=$(min "$best_without" "$without")
  cpu_with=$(min "$cpu_with" "$with_cpu"); cpu_without=$(min "$cpu_without" "$without_cpu")
done
# On a shared machine wall time is noisy; CPU time (user + system) is the steadier figure.
awk -v a="$best_with" -v b="$best_without" 'BEGIN{printf "indexing, wall: %.2f s of a %.2f s clean build = %.1f%% (best of 3 each)\n", a-b, a, 100*(a-b)/a}'
awk -v a="$cpu_with" -v b="$cpu_without" 'BEGIN{printf "indexing, CPU: %.2f s of %.2f s = %.1f%% (best of 3 each)\n", a-b, a, 100*(a-b)/a}'
echo "peak memory of the build: with search ${rss_with} KB, without ${rss_without} KB"

files_and_bytes() { # folder -> "files bytes"
  find "$1" -type f -printf '%s\n' | awk '{n++; s+=$1} END{printf "%d %d", n, s}'
}
for code in en id ko; do
  read -r n bytes <<<"$(files_and_bytes "$work/out/$code/search")"
  echo "newsroom index $code: $n files, $bytes bytes (the search page included)"
done

# Pagefind 1.x, installed from the npm registry into the work folder, over the output without
# newsroom's index.
(cd "$work" && npm i --silent --no-audit --no-fund pagefind@1 >/dev/null)
pagefind_version=$("$work/node_modules/.bin/pagefind" --version)
/usr/bin/time -f "%e %M" -o "$work/pf-time" "$work/node_modules/.bin/pagefind" --site "$work/out-nosearch" --output-path "$work/out-nosearch/pagefind" >"$work/pf-log" 2>&1
read -r pf_wall pf_rss <"$work/pf-time"
echo "pagefind: $pagefind_version indexed in ${pf_wall} s, peak ${pf_rss} KB ($(grep -i 'indexed' "$work/pf-log" | head -3 | tr '\n' ';'))"
read -r n bytes <<<"$(files_and_bytes "$work/out-nosearch/pagefind")"
echo "pagefind index, all languages: $n files, $bytes bytes"
for code in en id ko; do
  idx=$(find "$work/out-nosearch/pagefind/index" -name "${code}_*" | wc -l)
  meta=$(find "$work/out-nosearch/pagefind" -maxdepth 1 -name "pagefind.${code}_*.pf_meta" -printf '%s')
  echo "pagefind $code: $idx index chunks, metadata file ${meta:-?} bytes (fragments are shared: one per page)"
done
echo "pagefind fragments: $(find "$work/out-nosearch/pagefind/fragment" -type f | wc -l) files"

# Bytes a two-word query downloads, cold: a server that logs each request, and a fresh Chromium.
cat >"$work/serve.py" <<'PY'
import gzip, http.server, os, sys, urllib.parse
root, log = sys.argv[1], sys.argv[2]
class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)
    def log_message(self, *a):
        pass
    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()
    def do_GET(self):
        path = os.path.join(root, urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/"))
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if os.path.isfile(path):
            data = open(path, "rb").read()
            with open(log, "a") as f:
                f.write(f"{len(data)} {len(gzip.compress(data, 6))} {self.path}\n")
        super().do_GET()
Handler.extensions_map[".wasm"] = "application/wasm"
Handler.extensions_map[".pf_meta"] = "application/octet-stream"
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[3])), Handler).serve_forever()
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/out-nosearch/pagefind-query.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>q</title></head><body>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const params = new URLSearchParams(location.search);
const search = await pagefind.search(params.get("q"));
const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
document.body.dataset.done = search.results.length + " " + data.length;
</script></body></html>
HTML
query_bytes() { # folder url-path label
  : >"$work/requests"
  python3 "$work/serve.py" "$1" "$work/requests" "$port" & server=$!
  sleep 0.5
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile-$RANDOM" \
    --virtual-time-budget=20000 --dump-dom "http://127.0.0.1:$port$2" >"$work/dom" 2>/dev/null || true
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  awk -v label="$3" '{n++; raw+=$1; gz+=$2} END{printf "%s: %d requests, %d bytes raw, %d bytes gzip-compressed\n", label, n, raw, gz}' "$work/requests"
}
for q in "story+4217" "deadline+editor"; do
  query_bytes "$work/out" "/en/search/?q=$q" "newsroom, en, \"${q/+/ }\" (page + css + scripts + index)"
  grep -c . "$work/requests" >/dev/null
  results=$(grep -o '<li><article class="card"' "$work/dom" | wc -l)
  echo "  newsroom showed $results result cards; files: $(awk '{print $3}' "$work/requests" | grep search/ | tr '\n' ' ')"
  query_bytes "$work/out-nosearch" "/pagefind-query.html?q=$q" "pagefind, en, \"${q/+/ }\" (script, wasm, metadata, chunks, fragments of 10 results)"
  echo "  pagefind answered: $(grep -o 'data-done="[^"]*"' "$work/dom" || echo none)"
done
echo "search.js: $(wc -c <"$repo/static/js/search.js") bytes"

# Time from pressing Enter to the first result card, newsroom against Pagefind, on the same folders.
python3 scripts/time-search-query.py "$work/out" "$work/out-nosearch"
