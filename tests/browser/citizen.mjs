// A citizen's view of the sample site in Debian's Chromium on a 360 × 740 phone: the answer
// on the first screens of a procedure page, documents in the order a citizen needs them, no
// widget download before the search box is used, and a printed checklist on one A4 page.
// Usage: node citizen.mjs BASE_URL. Prints one line per check and the measured figures;
// exit 1 if any check failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.argv[2];
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const SCREEN = { width: 360, height: 740 };
const profile = mkdtempSync(join(tmpdir(), 'motcua-citizen-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS, viewport: SCREEN,
});
const page = context.pages()[0] ?? await context.newPage();
let failed = 0;
const check = (name, ok, detail = '') => {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};
const procedure = (code) => new URL(`phuong-dinh/thu-tuc/${code}/`, base).href;
// Distance from the top of the page, in screen heights.
const screens = (sel) => page.$eval(sel, (el, h) => (el.getBoundingClientRect().top + window.scrollY) / h, SCREEN.height);

// 1. The answer first.
for (const code of ['2.000815', '1.001193']) {
  await page.goto(procedure(code));
  const facts = await page.$$eval('.summary-facts dt', (d) => d.length);
  const time = await screens('.summary-facts dd:nth-of-type(1)');
  const fee = await screens('.summary-facts dd:nth-of-type(2)');
  const doc = await screens('.summary-docs li');
  const text = await page.textContent('.summary');
  check(`${code}: time, fee and first always-needed document within 2 screens`,
    facts === 4 && time < 2 && fee < 2 && doc < 2 && /15:00/.test(text),
    `time ${time.toFixed(2)}, fee ${fee.toFixed(2)}, document ${doc.toFixed(2)} screens`);
  const height = await page.evaluate((h) => document.documentElement.scrollHeight / h, SCREEN.height);
  console.log(`     ${code}: page is ${height.toFixed(1)} screens long at 360 × 740`);
}

// 2. Documents in the order a citizen needs them (1.001193, the real portal record).
await page.goto(procedure('1.001193'));
const docs = await page.$$eval('#giay-to .doc label', (ls) => ls.map((l) => l.textContent.trim()));
const firstCase = docs.findIndex((d) => /^(Chỉ khi[^:]*:\s*)?Trường hợp/.test(d));
const form = docs.findIndex((d) => d.startsWith('Tờ khai đăng ký khai sinh'));
const birth = docs.findIndex((d) => d.startsWith('Giấy chứng sinh'));
check('1.001193: the declaration form and the birth certificate come before any "Trường hợp …" document',
  form >= 0 && birth >= 0 && firstCase > Math.max(form, birth), `form ${form}, certificate ${birth}, first case ${firstCase}`);
check('1.001193: conditional documents say their condition', docs.some((d) => d.startsWith('Chỉ khi trẻ em bị bỏ rơi:')));
const main = await page.textContent('main');
check('1.001193: no raw portal notation on the page', !/\(đơn vị khác\)/.test(main));

// 3. Nothing of the widget before the visitor uses it; then it loads and answers.
const requests = [];
page.on('request', (r) => requests.push(r.url()));
// Bytes of every response body the page used (the server does not compress), cache or not.
const bodyBytes = () => page.evaluate(() => performance.getEntriesByType('navigation')
  .concat(performance.getEntriesByType('resource'))
  .reduce((n, e) => n + e.encodedBodySize, 0));
await page.goto(procedure('2.000815'), { waitUntil: 'networkidle' });
await page.waitForTimeout(300);
const early = requests.filter((u) => u.endsWith('.wasm') || u.includes('/search/'));
check('a procedure page requests no .wasm and no search/ until used', early.length === 0, early.join(' ') || `${requests.length} requests`);
const before = await bodyBytes();
await page.focus('#mc-q');
await page.keyboard.type('chung thuc');
await page.waitForSelector('#mc-opt-0', { timeout: 10000 });
const loaded = requests.filter((u) => u.endsWith('.wasm') || u.includes('/search/'));
check('focusing the box loads the widget and the commune index', loaded.some((u) => u.endsWith('.wasm')) && loaded.some((u) => u.includes('/search/phuong-dinh.bin')), loaded.join(' '));
check('what was typed before the widget woke is kept', await page.inputValue('#mc-q') === 'chung thuc');
console.log(`     bytes 2.000815 loads (uncompressed): ${before} before any interaction, ${await bodyBytes()} after the first search`);

// 4. The printed checklist: one titled A4 page.
await page.press('#mc-q', 'Enter');
await page.waitForSelector('.mc-panel');
await page.check('.mc-checklist .doc input');
await page.evaluate(() => { window.print = () => {}; });
await page.click('button.mc-print');
// Printing fires "afterprint", which ends the checklist-only mode: print first, then put the
// mode back to read what was printed.
const pdf = await page.pdf({ format: 'A4', printBackground: false });
const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
check('the printed checklist of 2.000815 is 1 A4 page', pages === 1, `${pages} pages`);
await page.evaluate(() => document.documentElement.classList.add('mc-print'));
await page.emulateMedia({ media: 'print' });
const printed = await page.evaluate(() => document.body.innerText);
await page.emulateMedia({ media: 'screen' });
check('the printed checklist names the procedure, its code, the commune and the fee',
  /chứng thực bản sao/i.test(printed) && printed.includes('2.000815') && printed.includes('Phương Định') && printed.includes('2.000 đ/trang') && /In ngày \d\d\/\d\d\/\d{4}/.test(printed),
  printed.slice(0, 300).replace(/\s+/g, ' '));
await page.evaluate(() => document.documentElement.classList.add('mc-print'));
await page.emulateMedia({ media: 'print' });
const box = await page.$eval('.mc-checklist .doc input:checked', (el) => {
  const c = getComputedStyle(el);
  return { appearance: c.appearance, border: c.borderTopStyle, adjust: c.printColorAdjust, fill: c.backgroundColor };
});
await page.emulateMedia({ media: 'screen' });
check('tick boxes print as drawn boxes, ticked ones filled, without "background graphics"',
  box.appearance === 'none' && box.border === 'solid' && box.adjust === 'exact' && box.fill === 'rgb(0, 0, 0)', JSON.stringify(box));

// The procedure page itself on paper: no search box, link addresses written out.
await page.goto(procedure('1.001193'));
await page.emulateMedia({ media: 'print' });
const print = await page.evaluate(() => ({
  search: getComputedStyle(document.querySelector('.mc-search')).display,
  columns: getComputedStyle(document.querySelector('.summary-facts')).display,
  after: getComputedStyle(document.querySelector('a[href^="http"]'), '::after').content,
}));
await page.emulateMedia({ media: 'screen' });
check('the printed page has no search box, one column, and link addresses',
  print.search === 'none' && print.columns === 'block' && print.after.includes('http'), JSON.stringify(print));
const pagePdf = await page.pdf({ format: 'A4' });
console.log(`     1.001193 prints on ${(pagePdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length} A4 pages`);

await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${failed === 0 ? 'all citizen checks passed' : `${failed} citizen checks failed`}`);
process.exit(failed === 0 ? 0 : 1);
