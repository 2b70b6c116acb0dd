#!/usr/bin/env bash
# Benchmark of `newsroom serve` (issue 3): a generated site of ARTICLES stories in each of three
# languages; the time from saving one article to the reload event reaching a page (measured by an
# event-stream client), and a sustained local load with wrk.
#
#   scripts/bench-serve.sh            # 10,000 articles per language, wrk 64 connections for 10 s
#   ARTICLES=1000 scripts/bench-serve.sh
#
# Needs python3 and wrk (apt-get install wrk); traffic goes to 127.0.0.1 only. The generated site
# lives in a temporary folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES="${ARTICLES:-10000}"
EDITS="${EDITS:-10}"
WRK_SECONDS="${WRK_SECONDS:-10}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
command -v python3 >/dev/null || { echo "bench-serve: python3 is needed" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench-serve: wrk is needed (apt-get install wrk)" >&2; exit 2; }

cargo build --release --quiet
BIN="$PWD/target/release/newsroom"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill -INT "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

SITE="$WORK/site"

echo "generating $ARTICLES articles in each of 3 languages in $SITE"
python3 scripts/gen-bench-site.py "$SITE" "$ARTICLES"

echo "starting the server (first build)"
"$BIN" serve --root "$SITE" --port 0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 1 600); do
    grep -q '^serving ' "$WORK/serve.out" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; exit 1; }
    sleep 0.5
done
grep '^rebuilt ' "$WORK/serve.out" | head -1 | sed 's/^/first build: /'
ADDRESS="$(sed -n 's|^serving .* at http://\([^/]*\)/ .*|\1|p' "$WORK/serve.out")"
echo "serving at $ADDRESS"

echo "timing $EDITS one-article edits, from the file's save to the reload event"
python3 - "$ADDRESS" "$SITE" "$EDITS" "$WORK/serve.out" "$ARTICLES" <<'PY'
import socket, sys, time, statistics
address, site, edits, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
newest_pick = (int(sys.argv[5]) - 1) // 500 * 500
host, port = address.rsplit(":", 1)

def stream():
    s = socket.create_connection((host, int(port)), timeout=30)
    s.sendall(f"GET /__newsroom/events HTTP/1.0\r\nHost: {address}\r\n\r\n".encode())
    return s.makefile("rb")

def wait_for(reader, name):
    event = None
    while True:
        line = reader.readline()
        if not line:
            raise SystemExit("the event stream ended")
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event == name:
            return line[6:]

def edit(path, n):
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    lines[1] = f"title: Edited title number {n}"
    # Written beside and renamed into place, as editors save.
    with open(path + ".partial~", "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    import os
    os.replace(path + ".partial~", path)

def log_lines():
    return [l.strip() for l in open(log) if l.startswith(("rebuilt ", "updating "))]

def run(label, path, edits):
    times, later = [], []
    for n in range(edits):
        reader = stream()
        wait_for(reader, "hello")
        seen = len(log_lines())
        started = time.perf_counter()
        edit(path, n)
        wait_for(reader, "reload")
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(0.1)
        lines = log_lines()[seen:]
        if any(l.startswith("updating ") for l in lines):
            # The picks boxes of every article page come after the reload: wait for them (a second
            # reload) so that the next edit is timed alone.
            wait_for(reader, "reload")
            later.append((time.perf_counter() - started) * 1000)
        reader.close()
        time.sleep(0.2)
    print(f"{label}: save -> reload event: median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms over {edits} edits")
    if later:
        print(f"  then every article page's picks box: median {statistics.median(later):.0f} ms "
              f"after the save")
    print("  server's lines for the last edit: " + " / ".join(log_lines()[-2:]))

run("ordinary story", f"{site}/content/en/economy/story-00001.md", edits)
# An old pick that the picks boxes do not show: the same few pages.
run("old editor's pick", f"{site}/content/en/politics/story-00000.md", edits)
# The newest pick: it is in the picks box of every article page of its language, which are all
# rendered again (10,000 pages); a few edits only.
run("newest editor's pick", f"{site}/content/en/politics/story-{newest_pick:05}.md", min(edits, 3))
PY

echo "wrk: $WRK_CONNECTIONS connections, 2 threads, ${WRK_SECONDS} s, on an article page"
wrk -t2 -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" "http://$ADDRESS/en/economy/story-00006/"
echo "wrk: the same on the front page"
wrk -t2 -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" "http://$ADDRESS/en/"
