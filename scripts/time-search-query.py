#!/usr/bin/env python3
"""Times what a reader of the search page feels (issue 11): from pressing Enter on a two-word query
to the first result card in the DOM, in headless Chromium against a local server, for newsroom's
search and for Pagefind on the same output.

    scripts/time-search-query.py NEWSROOM_OUT PAGEFIND_OUT [--runs 7] [--latency-ms 0,50]

NEWSROOM_OUT is an output folder built with newsroom's index (its /<code>/search/ pages);
PAGEFIND_OUT one with Pagefind's index in its pagefind/ folder (scripts/bench-search.sh makes both
and calls this script at its end). It needs python3 (standard library only), and chromium and
chromedriver on PATH, which it drives over the W3C WebDriver HTTP API as tests/browser.rs does.

Each run is a new WebDriver session with a new Chromium profile (a cold cache), that opens the
search page, lets it be idle, types the query into the page's search box, presses Enter and waits
for the cards; then, in the same page, a second query (warm: the script and whatever the first
query loaded are in memory). A keydown listener and a MutationObserver in the page take the times
with performance.now(), so no WebDriver round trip is counted.

- newsroom: /<code>/search/ with its own form; js/search.js fetches nothing before a query.
- pagefind: a minimal page served by this script (/__timing/pagefind-<code>.html, and
  pagefind-init-<code>.html for the next; never written to the folder) that uses Pagefind's JS API as its documentation shows: on Enter it imports
  /pagefind/pagefind.js, searches, and adds a card for each of the first 10 results as its data()
  (its fragment) arrives, in result order. Pagefind's own UI (pagefind-ui.js) is not used: it
  searches as one types, after a debounce (300 ms by default), so it has no Enter to time.
- pagefind, init on load: the same page calling pagefind.init() when it loads, so that the script,
  WebAssembly and metadata are in memory before the reader types (what a site that preloads does).

The queries are bench-search.sh's: "story 4217" (one story has both words) and "deadline editor"
(every story has both). The ko case runs the first on the Korean pages; the bench corpus writes
Latin words in every language, so it exercises the Korean index and page, not Hangul text.

The first card is what a reader first sees; "page" is when the first page of cards (up to 10) is
complete. newsroom adds its page of cards at once; Pagefind card by card.

The server is Python's threaded http.server with `Cache-Control: no-store`, HTTP/1.0 and no
compression; --latency-ms N holds every response N ms before answering, to model a phone network's
round trip (no bandwidth limit is modelled, so smaller files do not count by their size here, only
fewer requests do; Chromium opens at most 6 connections to a host at once, as over HTTP/1.1)."""
import argparse
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
# Cases: a language, the query of the cold run, and the query typed next in the same page (warm).
CASES = [
    ("en", "story 4217", "deadline editor"),
    ("en", "deadline editor", "story 4217"),
    ("ko", "story 4217", "deadline editor"),
]
ENGINES = ["newsroom", "pagefind", "pagefind, init on load"]

PAGEFIND_PAGE = """<!doctype html>
<html lang="{code}"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<form id="search-form"><input id="search-q" name="q" type="search" autocomplete="off">
<button type="submit">Search</button></form>
<p id="search-status" role="status"></p>
<ol id="search-results"></ol>
<script type="module">
const list = document.getElementById("search-results"), status = document.getElementById("search-status");
let pagefind, generation = 0;
const load = () => pagefind || (pagefind = import("/pagefind/pagefind.js").then(async (p) => {{ await p.init(); return p; }}));
window.timingReady = {preload} ? load() : Promise.resolve();
document.getElementById("search-form").addEventListener("submit", async (e) => {{
  e.preventDefault();
  const mine = ++generation, q = document.getElementById("search-q").value.trim();
  list.textContent = "";
  status.textContent = "Searching…";
  const search = await (await load()).search(q);
  if (mine !== generation) return;
  status.textContent = search.results.length + " results";
  const slots = search.results.slice(0, 10).map(() => document.createElement("li"));
  search.results.slice(0, 10).forEach(async (result, n) => {{
    const data = await result.data();
    if (mine !== generation) return;
    const card = document.createElement("article"), link = document.createElement("a"), text = document.createElement("p");
    card.className = "card";
    link.href = data.url;
    link.textContent = data.meta.title;
    text.innerHTML = data.excerpt;
    card.append(link, text);
    slots[n].append(card);
    const after = slots.slice(n + 1).find((s) => s.isConnected);
    list.insertBefore(slots[n], after || null);
  }});
}});
</script></body></html>
"""

# Set up before a query: the time of the Enter key and of each change in the number of cards.
INSTRUMENT = """
const list = document.getElementById('search-results');
const t = window.timing = { enter: null, marks: [] };
if (window.timingObserver) window.timingObserver.disconnect();
if (!window.timingKeydown) {
  window.timingKeydown = true;
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.timing.enter = performance.now(); }, true);
}
window.timingObserver = new MutationObserver(() => {
  const n = list.querySelectorAll('li').length, last = t.marks.at(-1);
  if (t.enter !== null && n > 0 && (!last || last[1] !== n)) t.marks.push([performance.now(), n]);
});
window.timingObserver.observe(list, { childList: true, subtree: true });
return true;
"""

# Waits for the first card, then for the page of cards to be complete (10 cards, or no new card
# for SETTLE_MS), and returns the times (from the Enter key) and the number of cards.
WAIT = """
const done = arguments[arguments.length - 1], limit = arguments[0], settle = arguments[1];
const start = performance.now();
(function poll() {
  const t = window.timing, last = t.marks.at(-1), now = performance.now();
  const complete = last && (last[1] >= 10 || now - last[0] > settle);
  if (!complete && now - start < limit) { setTimeout(poll, 20); return; }
  const first = t.marks[0];
  done({
    enter: t.enter,
    first: first ? first[0] - t.enter : null,
    page: last ? last[0] - t.enter : null,
    cards: last ? last[1] : 0,
    status: (document.getElementById('search-status') || {}).textContent || '',
  });
})();
"""

READY = {
    # search.js has run (it hides the no-JavaScript note) and the page has loaded.
    "newsroom": "return document.readyState === 'complete' && document.getElementById('search-nojs').hidden",
    "pagefind": "return document.readyState === 'complete' && !!window.timingReady",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=a[2].root, **k)

    def log_message(self, *a):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        if self.server.latency:
            time.sleep(self.server.latency / 1000)
        path = urllib.parse.urlsplit(self.path).path
        # Counted here, since Pagefind fetches from a web worker, which the page's resource
        # timing does not see.
        file = self.translate_path(self.path)
        if os.path.isdir(file):
            file = os.path.join(file, "index.html")
        with self.server.lock:
            self.server.requests += 1
            self.server.bytes += os.path.getsize(file) if os.path.isfile(file) else 0
        for code in ("en", "id", "ko"):
            for preload, name in (("false", "pagefind"), ("true", "pagefind-init")):
                if path == f"/__timing/{name}-{code}.html":
                    body = PAGEFIND_PAGE.format(code=code, preload=preload).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
        super().do_GET()


Handler.extensions_map[".wasm"] = "application/wasm"
Handler.extensions_map[".pf_meta"] = "application/octet-stream"
Handler.extensions_map[".pf_index"] = "application/octet-stream"
Handler.extensions_map[".pf_fragment"] = "application/octet-stream"


def serve(root, latency):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.root, server.latency = root, latency
    server.lock, server.requests, server.bytes = threading.Lock(), 0, 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Driver:
    """chromedriver, started once; a session per run."""

    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.call("GET", "/status")["ready"]:
                    break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                sys.exit("chromedriver did not start")
            time.sleep(0.2)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as err:
            sys.exit(f"chromedriver: {method} {path}: {err.read().decode(errors='replace')[:500]}")

    def session(self, chromium, profile):
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,800"]
        caps = {"browserName": "chrome", "goog:chromeOptions": {"binary": chromium, "args": args}}
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        return Session(self, value["sessionId"])

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Session:
    def __init__(self, driver, sid):
        self.driver, self.prefix = driver, f"/session/{sid}"
        self.call("POST", "/timeouts", {"script": 60000, "pageLoad": 60000})

    def call(self, method, path, body=None):
        return self.driver.call(method, self.prefix + path, body)

    def open(self, url):
        self.call("POST", "/url", {"url": url})

    def run(self, script, *args):
        return self.call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script, *args):
        return self.call("POST", "/execute/async", {"script": script, "args": list(args)})

    def element(self, css):
        return self.call("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def close(self):
        self.call("DELETE", "")


def query(session, server, text, limit_ms, settle_ms):
    """Types `text` into the page's search box, presses Enter and waits for the cards; with the
    requests the server answered (and the bytes of the files it sent) in between."""
    session.run(INSTRUMENT)
    box = session.element("#search-q")
    session.call("POST", f"/element/{box}/clear", {})
    session.call("POST", f"/element/{box}/value", {"text": text})
    with server.lock:
        requests, sent = server.requests, server.bytes
    session.call("POST", f"/element/{box}/value", {"text": "\ue007"})
    result = session.run_async(WAIT, limit_ms, settle_ms)
    with server.lock:
        result["requests"], result["bytes"] = server.requests - requests, server.bytes - sent
    return result


def one_run(driver, chromium, engine, server, code, cold, warm, idle_ms):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    profile = tempfile.mkdtemp(prefix="time-search-profile-")
    try:
        session = driver.session(chromium, profile)
        try:
            if engine == "newsroom":
                session.open(f"{base}/{code}/search/")
                ready = READY["newsroom"]
            else:
                name = "pagefind-init" if engine == "pagefind, init on load" else "pagefind"
                session.open(f"{base}/__timing/{name}-{code}.html")
                ready = READY["pagefind"]
            deadline = time.monotonic() + 30
            while session.run(ready) is not True:
                if time.monotonic() > deadline:
                    sys.exit(f"{engine}: the search page did not get ready at {base}")
                time.sleep(0.05)
            if engine != "newsroom":
                session.run_async("window.timingReady.then(() => arguments[0](true))")
            time.sleep(idle_ms / 1000)
            first = query(session, server, cold, 30000, 1500)
            time.sleep(idle_ms / 1000)
            second = query(session, server, warm, 30000, 1500)
            return first, second
        finally:
            session.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return "none"
    return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("newsroom_out", help="an output folder with newsroom's search index")
    parser.add_argument("pagefind_out", help="an output folder with Pagefind's index in pagefind/")
    parser.add_argument("--runs", type=int, default=7, help="cold runs per engine and case (7)")
    parser.add_argument("--latency-ms", default="0,50",
                        help="per-request latencies to measure, comma-separated (0,50)")
    parser.add_argument("--idle-ms", type=int, default=1000,
                        help="how long the loaded page is left idle before the query (1000)")
    parser.add_argument("--languages", default="en,ko",
                        help="languages of the cases to run (en,ko; ko runs one case)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium or not shutil.which("chromedriver"):
        sys.exit("needs chromium and chromedriver on PATH: apt-get install chromium chromium-driver")
    for folder, probe in ((args.newsroom_out, "en/search/index.html"),
                          (args.pagefind_out, "pagefind/pagefind.js")):
        if not os.path.isfile(os.path.join(folder, probe)):
            sys.exit(f"{folder}: no {probe}")
    languages = args.languages.split(",")
    cases = [c for c in CASES if c[0] in languages]
    latencies = [int(v) for v in args.latency_ms.split(",")]

    driver = Driver()
    try:
        print(f"Enter -> first result card, headless {subprocess.run([chromium, '--version'], capture_output=True, text=True).stdout.strip()}, "
              f"{args.runs} cold runs per cell (a new profile each) and the warm query typed next in the same page;")
        print("median (min-max) ms; [median requests the server answered after Enter]; the page of cards (up to 10)")
        print("complete in the second table")
        for latency in latencies:
            servers = {"newsroom": serve(args.newsroom_out, latency), "pagefind": serve(args.pagefind_out, latency)}
            results, rows = {}, []
            for run in range(args.runs):
                for code, cold, warm in cases:
                    # Engines take turns within a run, so that the other load on the machine falls
                    # on each alike.
                    for engine in ENGINES:
                        server = servers["newsroom" if engine == "newsroom" else "pagefind"]
                        first, second = one_run(driver, chromium, engine, server, code, cold, warm, args.idle_ms)
                        for text, kind, r in ((cold, "cold", first), (warm, f'warm, after "{cold}"', second)):
                            if (code, text, kind) not in rows:
                                rows.append((code, text, kind))
                            results.setdefault((code, text, kind, engine), []).append(r)
            for server in servers.values():
                server.shutdown()
                server.server_close()
            for title, key in (("first card", "first"), ("page of cards", "page")):
                print(f"\nlatency {latency} ms per request, {title}:")
                print(f"  {'query':<48}" + "".join(f"{e:<26}" for e in ENGINES))
                for code, text, kind in rows:
                    label = f'{code} "{text}" {kind}'
                    cells = []
                    for engine in ENGINES:
                        runs = results[(code, text, kind, engine)]
                        requests = statistics.median(r["requests"] for r in runs)
                        cells.append(f"{summary([r[key] for r in runs])} [{requests:.0f}]")
                    print(f"  {label:<48}" + "".join(f"{c:<26}" for c in cells))
            print(f"\nlatency {latency} ms, what each showed: cards (of the last run), its status line, and the bytes"
                  " of the files it fetched after Enter (median):")
            for code, text, kind in rows:
                cells = []
                for engine in ENGINES:
                    runs = results[(code, text, kind, engine)]
                    missing = sum(1 for x in runs if x["first"] is None)
                    cells.append(f"{engine} {runs[-1]['cards']} cards \"{runs[-1]['status']}\" "
                                 f"{statistics.median(x['bytes'] for x in runs):.0f} B"
                                 + (f" (NO CARDS in {missing} of {len(runs)} runs)" if missing else ""))
                print(f'  {code} "{text}" {kind}: ' + "; ".join(cells))
    finally:
        driver.stop()


if __name__ == "__main__":
    main()
