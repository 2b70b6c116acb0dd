#!/usr/bin/env bash
# Checks that `rust-version` in Cargo.toml is true: no locked dependency declares a newer minimum
# Rust, and the code uses no standard-library API newer than it (clippy's `incompatible_msrv`,
# which reads `rust-version`, is part of `cargo clippy -- -D warnings`). A toolchain of exactly
# that version cannot be fetched here, so this is what CI can check.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo metadata --format-version 1 --locked | python3 -c '
import json, sys

def version(text):
    parts = [int(part) for part in (text or "0").split(".")]
    return tuple(parts + [0] * (3 - len(parts)))

metadata = json.load(sys.stdin)
used = {node["id"] for node in metadata["resolve"]["nodes"]}
ours = next(p for p in metadata["packages"] if p["id"] in metadata["workspace_members"])
declared = ours.get("rust_version")
if not declared:
    sys.exit("Cargo.toml has no rust-version")
newer = sorted(
    (version(p.get("rust_version")), p["name"], p["version"], p["rust_version"])
    for p in metadata["packages"]
    if p["id"] in used and version(p.get("rust_version")) > version(declared)
)
if newer:
    for _, name, crate_version, needs in newer:
        print(f"{name} {crate_version} needs Rust {needs}", file=sys.stderr)
    sys.exit(f"rust-version {declared} in Cargo.toml is too old for the locked dependencies")
print(f"rust-version {declared}: every locked dependency builds with it")
'
