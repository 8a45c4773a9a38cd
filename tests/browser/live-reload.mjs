// Live reload of `site-gen serve` in Debian's Chromium: an edit shows on the open page within
// 2 s, a broken edit shows its error (file and line) over the page, mending it reloads.
// Usage: node live-reload.mjs BASE_URL MARKDOWN_FILE (the file of /trang/lien-he/).
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, file] = process.argv.slice(2);
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const profile = mkdtempSync(join(tmpdir(), 'motcua-live-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
});
const page = context.pages()[0] ?? await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
page.on('pageerror', (e) => problems.push(e.message));
let failed = 0;
const check = (name, ok, detail = '') => {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Polls the page (which may be reloading) until `test` holds; returns the ms it took or null.
async function within(ms, test) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    try { if (await test()) return Date.now() - start; } catch { /* the page is reloading */ }
    await sleep(25);
  }
  return null;
}
const bodyText = () => page.evaluate(() => document.body.innerText);
const overlay = () => page.evaluate(() => document.getElementById('site-gen-error')?.innerText ?? '');

const original = readFileSync(file, 'utf8');
try {
  await page.goto(new URL('trang/lien-he/', base).href);
  // Connected to the event stream before the first edit.
  await within(2000, () => page.evaluate(() => performance.getEntriesByType('resource')
    .some((e) => e.name.includes('/_site-gen/events'))));
  await sleep(200);

  writeFileSync(file, `${original}\nDòng thêm lúc kiểm tra tự động.\n`);
  let took = await within(2000, async () => (await bodyText()).includes('Dòng thêm lúc kiểm tra tự động'));
  check('an edit shows on the open page within 2 s', took !== null, `${took} ms`);

  writeFileSync(file, '+++\ntitle = "Liên hệ"\nweight = hai\n+++\nVăn bản.\n');
  took = await within(2000, async () => /lien-he\.md:3/.test(await overlay()));
  const shown = await overlay().catch(() => '');
  check('a broken edit shows its error, with file and line, within 2 s', took !== null,
    `${took} ms: ${shown.split('\n').slice(0, 4).join(' | ')}`);

  writeFileSync(file, original);
  took = await within(5000, async () => (await overlay()) === ''
    && !(await bodyText()).includes('Dòng thêm lúc kiểm tra tự động')
    && (await bodyText()).includes('Bộ phận Một cửa'));
  check('mending it reloads the page without the error', took !== null, `${took} ms`);
  check('no console errors (CSP holds)', problems.length === 0, problems.join(' | '));
} finally {
  writeFileSync(file, original);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failed) process.exit(1);
console.log('all live reload checks passed');
