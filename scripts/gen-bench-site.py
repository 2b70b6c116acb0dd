#!/usr/bin/env python3
"""Writes a large newsroom site for benchmarks: COUNT stories in each of three languages (en, id,
ko), translations of one another, five categories, 40 tags, an editor's pick every 500 stories.

    scripts/gen-bench-site.py SITE_FOLDER COUNT

The templates and static files are copied from the repository; the UI strings are generated from
the templates' t(key=...) calls."""
import datetime
import os
import re
import shutil
import sys

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
site, count = sys.argv[1], int(sys.argv[2])
for folder in ("templates", "static"):
    shutil.copytree(os.path.join(repo, folder), os.path.join(site, folder), dirs_exist_ok=True)
languages = ["en", "id", "ko"]
categories = ["politics", "economy", "society", "culture", "sports"]
with open(os.path.join(site, "site.yaml"), "w") as f:
    f.write("title: Bench News\nbase_url: https://bench.example.org/\ndefault_language: en\n"
            "timezone: UTC\nlanguages:\n")
    for code in languages:
        f.write(f"  - code: {code}\n    name: Language {code}\n")
    f.write("categories:\n")
    for key in categories:
        labels = ", ".join(f"{code}: {key.title()} {code}" for code in languages)
        f.write(f"  {key}: {{ {labels} }}\n")
    f.write("page_size: 20\neditor_picks: 5\n")
keys = set()
for folder, _, files in os.walk(os.path.join(site, "templates")):
    for name in files:
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        keys.update(re.findall(r"""t\(key=["']([a-z_]+)["']""", text))
os.makedirs(os.path.join(site, "i18n"), exist_ok=True)
for code in languages:
    with open(os.path.join(site, "i18n", f"{code}.yaml"), "w") as f:
        for key in sorted(keys):
            f.write(f'{key}: "{key.replace("_", " ")} ({code})"\n')
start = datetime.datetime(2023, 1, 1)
body = "\n\n".join(
    f"Paragraph {n} of the story, with **emphasis**, a [link](https://example.org/{n}) and "
    "enough words to look like news copy that an editor wrote against a deadline." for n in range(6))
for i in range(count):
    category = categories[i % len(categories)]
    written = start + datetime.timedelta(minutes=97 * i)
    tags = f"[tag{i % 40}, tag{(i * 7) % 40}]"
    pick = "true" if i % 500 == 0 else "false"
    for code in languages:
        folder = os.path.join(site, "content", code, category)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"story-{i:05}.md"), "w") as f:
            f.write(f"---\ntitle: Story {i} in {code}\ncategory: {category}\n"
                    f"written: {written:%Y-%m-%d %H:%M:%S}\nsummary: The summary of story {i}.\n"
                    f"author: Desk {i % 13}\ntags: {tags}\neditor_pick: {pick}\n---\n\n{body}\n")
