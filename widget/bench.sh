#!/usr/bin/env bash
# Query-time benchmark of the search widget in headless Chromium: the sample site, and a
# synthetic province (100 communes x 300 procedures; its portal index holds each procedure once).
# Needs what tests/run installs (chromium, tests/browser npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p site-gen
bin=target/release/site-gen
synth=target/bench/widget-province
if [ ! -f "$synth/public/search/_all.bin" ]; then
  rm -rf "$synth"
  cargo run --release -q -p synth -- province-vi "$synth/content"
  "$bin" build --content "$synth/content" --out "$synth/public" --themes themes --as-of 2026-11-24
fi
node tests/browser/bench.mjs "$bin" content themes "$synth/public"
