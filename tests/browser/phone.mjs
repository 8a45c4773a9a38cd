// Opens each page in Chromium as a 360 px wide phone and in print, and reports what does not
// fit: a page wider than the screen (tables scroll inside their own box, never the page), and
// charts wider than the screen or with no size. Usage: node phone.mjs BASE_URL PATH...
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The flags this machine needs (as in axe.mjs, whose top level runs when imported).
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const [base, ...paths] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'motcua-phone-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: { width: 360, height: 740 },
});
const page = context.pages()[0] ?? await context.newPage();
let problems = 0;
for (const path of paths) {
  await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  for (const media of ['screen', 'print']) {
    await page.emulateMedia({ media });
    const r = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      charts: [...document.querySelectorAll('svg.chart')].map((s) => s.getBoundingClientRect().width),
    }));
    if (media === 'screen' && r.width > 360) {
      problems++;
      console.log(`${path}: the page is ${r.width} px wide on a 360 px screen`);
    }
    for (const w of r.charts) {
      if (!(w > 100 && w <= 360)) {
        problems++;
        console.log(`${path} (${media}): a chart is ${w} px wide`);
      }
    }
  }
}
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${paths.length} pages checked at 360 px, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
