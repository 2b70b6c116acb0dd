#!/usr/bin/env bash
# Renders the sample site's photos (procedural scenes, 3000x2000 JPEG) into static/images/.
# They are committed; run this only to change them.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --example sample-photos
