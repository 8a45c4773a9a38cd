// Query times of the widget's search, measured in Debian's Chromium with the real wasm.
// Usage: node bench.mjs SITE_GEN_BINARY SAMPLE_CONTENT THEMES SYNTHETIC_PUBLIC
// Serves the sample site, copies the synthetic site's indexes beside it, and for each index
// times every query (several rounds) through the widget's exported `bench` function.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [siteGen, content, themes, synthetic] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
const out = join(work, 'public');
const server = spawn(siteGen, ['serve', '--port', '0', '--content', content, '--themes', themes, '--out', out],
  { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve) => {
  createInterface({ input: server.stdout }).on('line', (l) => {
    const m = l.match(/http:\/\/\S+/);
    if (m) resolve(m[0]);
  });
});
mkdirSync(join(out, 'bench'), { recursive: true });
const synthCommune = readdirSync(join(synthetic, 'search')).find((f) => f.startsWith('xa-'));
copyFileSync(join(synthetic, 'search', synthCommune), join(out, 'bench', 'commune-300.bin'));
copyFileSync(join(synthetic, 'search', '_all.bin'), join(out, 'bench', 'site-province.bin'));

const QUERIES = ['dang ky khai sinh', 'Đăng ký khai sinh', 'khai s', 'chung thuc ban sao', 'chuwng thuc',
  '2.000815', 'giay chung nhan', 'tro cap hang thang', 'ket hon', 'xac nhan tinh trang hon nhan',
  'h', 'cap lai', 'dat dai', 'mai tang phi', 'nguoi co cong'].join('\n');
const profile = mkdtempSync(join(tmpdir(), 'motcua-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
await page.goto(new URL('phuong-dinh/', base).href);
const results = [];
for (const [label, index] of [
  ['sample commune (phuong-dinh)', '/search/phuong-dinh.bin'],
  ['sample site (all communes)', '/search/_all.bin'],
  ['synthetic commune, 300 procedures', '/bench/commune-300.bin'],
  ['synthetic province portal (100 communes x 300 procedures)', '/bench/site-province.bin'],
]) {
  const r = await page.evaluate(async ({ index, queries }) => {
    const root = document.querySelector('[data-mc-index]');
    const widget = await import(root.dataset.mcGlue);
    await widget.default({ module_or_path: root.dataset.mcWasm });
    const bytes = new Uint8Array(await (await fetch(index)).arrayBuffer());
    const t0 = performance.now();
    widget.bench(bytes, 'x', 1); // decode and build the search structures once
    const load = performance.now() - t0;
    const raw = Array.from(widget.bench(bytes, queries, 50));
    const list = queries.split('\n');
    const slowest = list[raw.indexOf(Math.max(...raw))];
    const times = raw.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { entries: bytes.length, load, median: at(0.5), p95: at(0.95), max: times[times.length - 1], n: times.length, slowest };
  }, { index, queries: QUERIES });
  results.push({ label, ...r });
}
await context.close();
server.kill();
rmSync(profile, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });
console.log('index                                   bytes     load ms  median ms  p95 ms   max ms  (queries)');
for (const r of results) {
  console.log(`${r.label.padEnd(38)} ${String(r.entries).padStart(9)} ${r.load.toFixed(1).padStart(9)} ${r.median.toFixed(3).padStart(10)} ${r.p95.toFixed(3).padStart(7)} ${r.max.toFixed(2).padStart(8)}  (${r.n}; slowest "${r.slowest}")`);
}
console.log('targets: <= 1 ms per query at 300 procedures, <= 10 ms at 30,000');
