#!/usr/bin/env bash
# Lighthouse (npm `lighthouse`, pinned in tests/lighthouse/package.json) with Debian's Chromium,
# at its default mobile settings (Moto G Power, simulated slow 4G), on the five page kinds of
# the sample site served by `site-gen serve`: portal, commune, procedure, fee schedule, news.
# Prints the four category scores per page and exits 1 if any is under the target:
# performance >= 98, accessibility, best practices and SEO 100.
# Usage: bash tests/lighthouse/run.sh            (needs cargo, node >= 18, /usr/bin/chromium)
#        SITE_GEN=target/debug/site-gen bash tests/lighthouse/run.sh   (an already built binary)
set -euo pipefail
cd "$(dirname "$0")/../.."

[ -x tests/lighthouse/node_modules/.bin/lighthouse ] ||
  npm ci --prefix tests/lighthouse --no-audit --no-fund --ignore-scripts
bin=${SITE_GEN:-}
if [ -z "$bin" ]; then
  cargo build --release -p site-gen
  bin=target/release/site-gen
fi
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" serve --port 0 --content content --out "$work/public" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  grep -q 'http://' "$work/serve.log" && break
  sleep 0.2
done
base=$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1)
base=${base%/}
[ -n "$base" ] || { cat "$work/serve.log" >&2; exit 1; }

news=$(cd "$work/public" && ls -d phuong-dinh/tin-tuc/*/ | head -1)
pages=(
  "portal /"
  "commune /phuong-dinh/"
  "procedure /phuong-dinh/thu-tuc/2.000815/"
  "fees /phuong-dinh/phi-le-phi/"
  "news /$news"
)
export CHROME_PATH=${CHROMIUM:-/usr/bin/chromium}
status=0
printf '%-10s %5s %5s %5s %5s  %s\n' page perf a11y bp seo url
for entry in "${pages[@]}"; do
  kind=${entry%% *}
  path=${entry#* }
  profile=$(mktemp -d "$work/profile.XXXX")
  tests/lighthouse/node_modules/.bin/lighthouse "$base$path" --quiet --output=json \
    --output-path="$work/$kind.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$profile" ||
    { echo "lighthouse failed on $path" >&2; status=1; continue; }
  line=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const s = (k) => Math.round((r.categories[k].score ?? 0) * 100);
    const got = [s("performance"), s("accessibility"), s("best-practices"), s("seo")];
    const ok = got[0] >= 98 && got.slice(1).every((x) => x === 100);
    const failed = Object.values(r.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
      .map((a) => a.id);
    console.log(got.map((x) => String(x).padStart(5)).join(" ") + (ok ? "" : "  below target: " + failed.join(", ")));
    process.exit(ok ? 0 : 1);
  ' "$work/$kind.json") || status=1
  printf '%-10s %s  %s\n' "$kind" "$line" "$path"
done
exit $status
