#!/usr/bin/env bash
# Builds the widget for the browser into widget/dist/, which site-gen embeds in its binary:
# cargo (wasm32, size profile) -> wasm-bindgen (pinned to the crate's version) -> wasm-opt -Oz.
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli 0.2.130, npm (tests/run installs all).
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(grep -o 'wasm-bindgen = "=[0-9.]*"' widget/Cargo.toml | grep -o '[0-9][0-9.]*')
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
if [ "$have" != "$want" ]; then
  echo "widget/build.sh: wasm-bindgen $want is needed (found: ${have:-none}):" >&2
  echo "  cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi
[ -x widget/node_modules/.bin/wasm-opt ] || npm ci --prefix widget --no-audit --no-fund --ignore-scripts

cargo build -p widget --target wasm32-unknown-unknown --profile widget
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name motcua-widget \
  target/wasm32-unknown-unknown/widget/widget.wasm
widget/node_modules/.bin/wasm-opt -Oz --converge --strip-producers --strip-debug --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$tmp/motcua-widget_bg.wasm" -o "$tmp/opt.wasm"
mkdir -p widget/dist
cp "$tmp/opt.wasm" widget/dist/motcua-widget_bg.wasm
cp "$tmp/motcua-widget.js" widget/dist/motcua-widget.js
bash widget/source-hash.sh > widget/dist/SOURCE_HASH
ls -l widget/dist
