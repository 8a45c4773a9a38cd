// End-to-end checks of the search widget in Debian's Chromium against a served sample site.
// Usage: node widget.mjs BASE_URL. Prints one line per check; exit 1 if any failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const base = process.argv[2];
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const profile = mkdtempSync(join(tmpdir(), 'motcua-widget-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
  viewport: { width: 412, height: 915 },
});
const page = context.pages()[0] ?? await context.newPage();
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(e.message));
let failed = 0;
const check = (name, ok, detail = '') => {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};
const indexRequests = [];
page.on('request', (r) => { if (r.url().endsWith('.bin')) indexRequests.push(r.url()); });

const commune = new URL('phuong-dinh/', base).href;
await page.goto(commune);
await page.waitForSelector('#mc-q');
await page.waitForTimeout(300);
check('the index is not loaded with the page', indexRequests.length === 0, `${indexRequests.length} requests`);

async function first(query) {
  await page.fill('#mc-q', '');
  await page.fill('#mc-q', query);
  try {
    await page.waitForSelector('#mc-opt-0', { timeout: 5000 });
  } catch { return null; }
  return (await page.textContent('#mc-opt-0 .mc-code'))?.trim();
}

for (const q of ['dang ky khai sinh', 'Đăng ký khai sinh', 'DANG KY KHAI SINH', 'đăng kí khai sinh',
  'Ðăng ký khai sinh', 'Đa\u0306ng ky\u0301 khai sinh']) {
  const got = await first(q);
  check(`"${q}" finds 1.001193 first`, got === '1.001193', `got ${got}`);
}
check('the index was loaded once, on first use', indexRequests.length === 1, indexRequests.join(', '));
check('"2.000815" finds the certified copy', await first('2.000815') === '2.000815');
check('"chung thuc ban s" (prefix) finds 2.000815', await first('chung thuc ban s') === '2.000815');
check('"chuwng thuc ban sao" (one typo) finds 2.000815', await first('chuwng thuc ban sao') === '2.000815');
const marks = await page.$$eval('#mc-opt-0 mark', (ms) => ms.map((m) => m.textContent));
check('matched words are highlighted', marks.includes('chứng') && marks.includes('thực'), marks.join('|'));
const status = await page.textContent('#mc-status');
check('the number of results is announced', /kết quả/.test(status), status);
const live = await page.getAttribute('#mc-status', 'aria-live');
check('results are announced politely', live === 'polite');

// Keyboard: arrows move the active option, Enter opens the panel, Escape closes it.
await first('dang ky khai sinh');
await page.press('#mc-q', 'ArrowDown');
const active = await page.getAttribute('#mc-q', 'aria-activedescendant');
const selected = await page.getAttribute('#mc-opt-0', 'aria-selected');
check('ArrowDown activates the first option', active === 'mc-opt-0' && selected === 'true', `${active} ${selected}`);
check('the combobox is expanded', await page.getAttribute('#mc-q', 'aria-expanded') === 'true');
await page.press('#mc-q', 'Enter');
await page.waitForSelector('.mc-panel', { timeout: 3000 });
check('Enter opens the answer panel', (await page.textContent('#mc-panel-h')).includes('đăng ký khai sinh'));
check('the answer takes the focus (its name is read out)', await page.evaluate(() => document.activeElement?.id) === 'mc-panel-h');
check('the query and procedure are in the address', page.url().includes('q=dang+ky+khai+sinh') && page.url().includes('thu-tuc=1.001193'), page.url());
const docs = await page.$$eval('.mc-checklist .doc', (d) => d.length);
check('the checklist lists the documents to bring', docs === 8, `${docs}`);
await page.goBack();
await page.waitForSelector('.mc-panel', { state: 'detached', timeout: 3000 }).catch(() => {});
check('Back closes the panel and keeps the query', !(await page.$('.mc-panel')) && (await page.inputValue('#mc-q')) === 'dang ky khai sinh', page.url());
await page.press('#mc-q', 'Enter');
await page.waitForSelector('.mc-panel');
await page.press('#mc-panel-h', 'Escape');
check('Escape inside the panel closes it', !(await page.$('.mc-panel')));
check('closing returns the focus to the search box', await page.evaluate(() => document.activeElement?.id) === 'mc-q');
await first('dang ky khai sinh');
await page.press('#mc-q', 'Escape');
check('Escape with the list open closes the list and keeps the query',
  await page.inputValue('#mc-q') === 'dang ky khai sinh' && await page.getAttribute('#mc-q', 'aria-expanded') === 'false');
await page.press('#mc-q', 'Escape');
check('a second Escape clears the box', await page.inputValue('#mc-q') === '');
await first('dang ky khai sinh');
await page.press('#mc-q', 'Enter');
await page.waitForSelector('.mc-panel');
await page.click('.mc-panel .mc-close');
check('"Đóng" closes the panel and returns the focus to the box', !(await page.$('.mc-panel')) && await page.evaluate(() => document.activeElement?.id) === 'mc-q');

// Due date: 2.000815 handed in Friday 2026-02-13 at 16:00 is due Monday 2026-02-23 (Tết).
await first('2.000815');
await page.press('#mc-q', 'Enter');
await page.waitForSelector('.mc-panel');
await page.fill('.mc-date', '2026-02-13');
await page.dispatchEvent('.mc-date', 'change');
await page.fill('.mc-time', '16:00');
await page.dispatchEvent('.mc-time', 'change');
const due = await page.textContent('.mc-due-result');
check('due date of 2.000815 on Fri 13/02/2026 16:00 is Mon 23/02/2026', due.includes('Thứ Hai, 23/02/2026'), due);
await page.fill('.mc-time', '09:00');
await page.dispatchEvent('.mc-time', 'change');
const early = await page.textContent('.mc-due-result');
check('before 15:00 it is due the same day', early.includes('Thứ Sáu, 13/02/2026'), early);
const fee = await page.textContent('.mc-panel .mc-channels');
check('the panel shows the tiered fee with its cap', fee.includes('2.000 đ/trang') && fee.includes('200.000 đ/bản'), fee);

// axe-core with the panel open, then Print: only the checklist is visible.
// The site's CSP rightly forbids injected script elements; evaluate axe's source instead.
await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
const violations = await page.evaluate(async () => (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`));
check('axe-core: no violations with the panel open', violations.length === 0, violations.join('; '));
await page.evaluate(() => { window.print = () => { window.__printCalled = true; }; });
await page.click('button.mc-print');
await page.emulateMedia({ media: 'print' });
const vis = await page.evaluate(() => {
  const shown = (el) => !!el && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const v = (sel) => shown(document.querySelector(sel)) ? 'shown' : 'hidden';
  return { called: window.__printCalled === true, checklist: v('.mc-checklist'), doc: v('.mc-checklist .doc label'),
    head: v('.mc-print-head'), h1: v('h1'), due: v('.mc-due'), channels: v('.mc-channels'), header: v('.site-header') };
});
check('Print prints the checklist and nothing else',
  vis.called && vis.checklist === 'shown' && vis.doc === 'shown' && vis.head === 'shown' && vis.h1 === 'hidden' && vis.due === 'hidden' && vis.channels === 'hidden' && vis.header === 'hidden',
  JSON.stringify(vis));
await page.emulateMedia({ media: 'screen' });

// The portal: each procedure once, and the visitor says which commune; communes by name.
await page.goto(base);
await page.fill('#mc-q', 'khai sinh');
await page.waitForSelector('#mc-opt-0');
const codes = await page.$$eval('.mc-option .mc-code', (o) => o.map((c) => c.textContent.trim()));
check('the portal lists birth registration once', codes.filter((c) => c === '1.001193').length === 1 && codes[0] === '1.001193', codes.join(' '));
await page.press('#mc-q', 'Enter');
await page.waitForSelector('.mc-chooser', { timeout: 3000 });
const choices = await page.$$eval('.mc-chooser .mc-places a', (a) => a.map((x) => x.getAttribute('href')));
check('Enter asks which commune, with a link to each commune\'s page', choices.length >= 6 && choices.every((h) => h.endsWith('/thu-tuc/1.001193/')), choices.join(' '));
check('the question takes the focus', await page.evaluate(() => document.activeElement?.id) === 'mc-chooser-h');
await page.fill('#mc-q', 'phuong dinh');
await page.waitForSelector('#mc-opt-0');
const firstName = (await page.textContent('#mc-opt-0 .mc-name')).trim();
check('"phuong dinh" finds the commune first', /Phương Định/.test(firstName) && !(await page.$('#mc-opt-0 .mc-code')), firstName);
await Promise.all([page.waitForURL(/\/phuong-dinh\/$/), page.press('#mc-q', 'Enter')]);
check('Enter on a commune opens its page', page.url().endsWith('/phuong-dinh/'), page.url());

// Without JavaScript the page shows no search box it cannot run, and keeps its catalogue.
const profile2 = mkdtempSync(join(tmpdir(), 'motcua-nojs-'));
const nojs = await chromium.launchPersistentContext(profile2, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS, javaScriptEnabled: false,
});
const p2 = nojs.pages()[0] ?? await nojs.newPage();
for (const url of [base, commune]) {
  await p2.goto(url);
  const box = await p2.$eval('.mc-search', (el) => getComputedStyle(el).display);
  check(`without JavaScript ${new URL(url).pathname} shows no search box`, box === 'none', box);
}
check('without JavaScript the commune page keeps its catalogue', (await p2.$$('table.catalogue')).length > 0);
await nojs.close();
rmSync(profile2, { recursive: true, force: true });

check('no console errors or warnings', consoleErrors.length === 0, consoleErrors.join(' | '));
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${failed === 0 ? 'all widget checks passed' : `${failed} widget checks failed`}`);
process.exit(failed === 0 ? 0 : 1);
