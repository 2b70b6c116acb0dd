#!/usr/bin/env python3
"""Generates front-matter built to explode, at sizes up to the file size limit, and times
`newsroom check` on each: the generator that finds where YAML parsing stops being linear.

    python3 scripts/yaml-bombs.py [path/to/newsroom] [MEGABYTES]

Each shape is written as the only story of a small site (the repository's templates and UI
strings) and checked on its own; a line per shape and size says the exit code, the time and the
first error. Anything over a second is a finding.
"""
import os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/newsroom")
MEGABYTES = float(sys.argv[2]) if len(sys.argv) > 2 else 15.0
HEAD = "title: x\ncategory: politics\nwritten: 2024-10-22 15:06:52\n"


def fit(unit, size, prefix="", suffix=""):
    return prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix


def shapes(size):
    n = size // 2
    yield "deep flow sequence", "nested: " + "[" * n + "]" * n
    yield "deep flow mapping", "nested: " + "{a: " * (size // 5)
    yield "unclosed flow", fit("[a, ", size, "nested: ")
    yield "one-line block sequences", fit("- ", size, "nested:\n  ")
    yield "block keys on one line", "nested:\n  " + "? " * (size // 2)
    width = 1
    while (width + 1) * (width + 2) // 2 < size:
        width += 1
    yield "deep indentation", "nested:\n" + "".join(" " * (i + 2) + "k:\n" for i in range(width // 4))
    yield "a million keys", "extra:\n" + "".join(f"  k{i}: {i}\n" for i in range(size // 14))
    yield "repeated keys", "extra:\n" + "  k: 1\n" * (size // 7)
    yield "alias fan-out", "a: &a [" + "x, " * (size // 6) + "]\nb: [" + "*a, " * (size // 8) + "]"
    laughs = "l0: &l0 lol\n" + "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i-1}"] * 9) + "]\n" for i in range(1, 12)
    )
    yield "billion laughs", laughs
    yield "long quoted line", 'summary: "' + "x" * (size - 12) + '"'
    yield "unclosed quote", 'summary: "' + "x \\\" " * (size // 6)
    yield "long plain line", "summary: " + "word " * (size // 5)
    yield "many anchors", fit("&a ", size, "summary: ")
    yield "many tags", fit("!t ", size, "summary: ")
    yield "deep flow in block scalar", "summary: |\n  " + "[" * (size // 2)


def main():
    size = int(MEGABYTES * 1024 * 1024)
    worst = 0.0
    for name, front_matter in shapes(size):
        with tempfile.TemporaryDirectory() as site:
            for folder in ("templates", "i18n", "static"):
                shutil.copytree(os.path.join(ROOT, folder), os.path.join(site, folder))
            shutil.copy(os.path.join(ROOT, "site.yaml"), site)
            story = os.path.join(site, "content/en/politics")
            os.makedirs(story)
            with open(os.path.join(story, "bomb.md"), "w") as f:
                f.write("---\n" + HEAD + front_matter + "\n---\nbody\n")
            started = time.monotonic()
            try:
                run = subprocess.run([BINARY, "check"], cwd=site, capture_output=True,
                                     text=True, timeout=60)
                code, output = run.returncode, run.stderr + run.stdout
            except subprocess.TimeoutExpired:
                code, output = "timeout", ""
            took = time.monotonic() - started
            worst = max(worst, took)
            first = next((l for l in output.splitlines() if "bomb.md" in l), "")[:110]
            print(f"{name:28} {len(front_matter)/1e6:5.1f} MB  exit {code}  {took:6.2f} s  {first}")
    print(f"slowest: {worst:.2f} s")


main()
