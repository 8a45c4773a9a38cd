// Opens each page in Debian's Chromium, records console errors (CSP violations included) and
// runs axe-core on it. Usage: node axe.mjs BASE_URL PATH...   Exit 1 on any finding.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node axe.mjs BASE_URL PATH...');
  process.exit(2);
}

// The flags this machine needs; a fresh profile so no state leaks between runs.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const profile = mkdtempSync(join(tmpdir(), 'motcua-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
  // axe is injected as a script; the site's own CSP forbids that, rightly.
  bypassCSP: true,
  viewport: { width: 412, height: 915 },
});
const page = context.pages()[0] ?? await context.newPage();
let problems = 0;
let current = '';
page.on('console', (m) => {
  if (m.type() === 'error') { problems++; console.log(`${current}: console error: ${m.text()}`); }
});
page.on('pageerror', (e) => { problems++; console.log(`${current}: page error: ${e.message}`); });
page.on('requestfailed', (r) => { problems++; console.log(`${current}: request failed: ${r.url()}`); });
// Requests still in flight. The widget fetches its wasm after the load event; leaving the
// page before it arrives would abort it and report a failure that is the test's own doing.
const inflight = new Set();
page.on('request', (r) => inflight.add(r));
page.on('requestfinished', (r) => inflight.delete(r));
page.on('requestfailed', (r) => inflight.delete(r));
async function settled() {
  for (let waited = 0; inflight.size > 0 && waited < 10000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const path of paths) {
  current = path;
  const response = await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  const expected = path.endsWith('404.html') ? 404 : 200;
  if (response.status() !== expected && !(path.endsWith('404.html') && response.status() === 200)) {
    problems++;
    console.log(`${path}: HTTP ${response.status()}`);
  }
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  for (const v of result) {
    problems++;
    console.log(`${path}: axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(', ')}`);
  }
  await settled();
}
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${paths.length} pages checked, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
