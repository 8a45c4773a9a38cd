#!/usr/bin/env bash
# The hash of everything the built widget is made from, written to widget/dist/SOURCE_HASH by
# build.sh; tests/run compares it to tell a stale widget/dist/ from a current one.
set -euo pipefail
cd "$(dirname "$0")/.."
find widget/src catalog/src widget/Cargo.toml widget/loader.js catalog/Cargo.toml -type f \
  | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
