// How fast the page shows an answer, in headless Chromium (Debian's, through playwright-core):
//   * paint: from the worker's answer to the frame that shows the result (the page records it in
//     #status-text[data-paint-ms]), for every development file and for a 21,000-layer graph;
//   * sort, filter and group on that graph's 21,000 rows: from the click or keystroke to the
//     frame that shows the new table.
// Prints each figure beside its budget (paint 300 ms per development file, 1 s for the big graph;
// 100 ms per table action). A measurement, not a test: it exits 0 whatever the figures.
//
//   node tests/browser/page_bench.mjs [DEV_DIR]     default models/data/onnx
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const devDir = resolve(process.argv[2] ?? join(root, 'models/data/onnx'));
const chromiumPath = process.env.WATTLAYER_CHROMIUM ?? '/usr/bin/chromium';
const BUDGET = { paint: 300, bigPaint: 1000, action: 100 };
const BIG_LAYERS = 21000;

// A JSON model of `layers` layers in blocks of four (conv, norm, activation, add), named like a
// PyTorch export ("/stage2/block17/conv/Conv") so that module paths have depth.
function bigGraph(layers) {
  const out = [];
  let x = 'x';
  for (let i = 0; out.length < layers; i += 1) {
    const p = `/stage${Math.floor(i / 500)}/block${i}`;
    const w = (n, shape) => ({ name: `${p}/${n}`, shape, weight: true });
    out.push({ name: `${p}/conv/Conv`, op: 'Conv', inputs: [x, w('conv.weight', [32, 32, 3, 3])], outputs: [`${p}/c`], attributes: { pads: [1, 1, 1, 1] } });
    out.push({ name: `${p}/bn/BatchNormalization`, op: 'BatchNormalization', inputs: [`${p}/c`, w('bn.scale', [32]), w('bn.bias', [32]), w('bn.mean', [32]), w('bn.var', [32])], outputs: [`${p}/n`] });
    out.push({ name: `${p}/act/Relu`, op: 'Relu', inputs: [`${p}/n`], outputs: [`${p}/r`] });
    out.push({ name: `${p}/Add`, op: 'Add', inputs: [`${p}/r`, x], outputs: [`${p}/y`] });
    x = `${p}/y`;
  }
  return JSON.stringify({ format: 'wattlayer-json', version: 1, name: `chain_${layers}`, inputs: [{ name: 'x', shape: [1, 32, 28, 28] }], layers: out.slice(0, layers) });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (label, ms, budget) => console.log(`${label.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms   budget ${budget} ms   ${ms <= budget ? 'within' : 'OVER'}`);

const server = await serve(join(root, 'web'));
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => document.querySelectorAll('#hardware option').length > 1);

  // Drops `file` and resolves with the page's paint time for it. Each drop has a name of its
  // own: the page does not estimate the file it shows again.
  let drops = 0;
  async function paintOf(file) {
    await page.evaluate(() => delete document.getElementById('status-text').dataset.paintMs);
    drops += 1;
    await page.setInputFiles('#file-input', { name: `${drops}_${basename(file)}`, mimeType: 'application/octet-stream', buffer: readFileSync(file) });
    const handle = await page.waitForFunction(() => document.getElementById('status-text').dataset.paintMs ?? (document.getElementById('error').hidden ? null : '-1'),
      null, { timeout: 600000 }).catch(() => null);
    return handle ? Number(await handle.jsonValue()) : -1;
  }

  const files = readdirSync(devDir).filter((f) => f.endsWith('.onnx')).sort();
  const paints = [];
  for (const f of files) {
    const ms = await paintOf(join(devDir, f));
    if (process.env.BENCH_VERBOSE) console.error(f, ms);
    if (ms >= 0) paints.push({ f, ms });
  }
  paints.sort((a, b) => b.ms - a.ms);
  console.log(`page benchmark, Chromium ${browser.version()}, 1440x900`);
  line(`paint, median of ${paints.length} development files`, median(paints.map((p) => p.ms)), BUDGET.paint);
  line(`paint, slowest (${paints[0].f})`, paints[0].ms, BUDGET.paint);
  console.log(`  over ${BUDGET.paint} ms: ${paints.filter((p) => p.ms > BUDGET.paint).length} of ${paints.length}`);

  const dir = join(root, 'build/page-bench');
  mkdirSync(dir, { recursive: true });
  const big = join(dir, `chain_${BIG_LAYERS}.json`);
  writeFileSync(big, bigGraph(BIG_LAYERS));
  const bigPaints = [];
  for (let i = 0; i < 3; i += 1) bigPaints.push(await paintOf(big));
  line(`paint, ${BIG_LAYERS}-layer graph (median of 3)`, median(bigPaints), BUDGET.bigPaint);

  // One table action: from `act` to the frame after the table changed (a debounce included).
  const action = (act) => page.evaluate(async (source) => {
    const table = document.getElementById('layer-table');
    const changed = new Promise((r) => new MutationObserver((_, o) => { o.disconnect(); r(); }).observe(table, { childList: true, subtree: true }));
    const t0 = performance.now();
    (0, eval)(source)(); // eslint-disable-line no-eval
    await changed;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    return performance.now() - t0;
  }, act.toString());
  const timed = async (label, act) => {
    const runs = [];
    for (let i = 0; i < 3; i += 1) runs.push(await action(act));
    line(`${label} (${BIG_LAYERS} rows, median of 3)`, median(runs), BUDGET.action);
  };
  const clickSort = () => document.querySelector('button.sort[data-sort="energy_j"]').click();
  const type = () => {
    const input = document.getElementById('filter');
    input.value = input.value === 'conv' ? 'relu' : 'conv';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const group = () => {
    const select = document.getElementById('group');
    if (select.tagName === 'SELECT') select.value = select.value === 'category' ? 'module' : 'category';
    else select.checked = !select.checked;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  };
  await timed('sort by energy', clickSort);
  await timed('filter (a keystroke)', type);
  await page.evaluate(() => {
    const input = document.getElementById('filter');
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForTimeout(500);
  await timed('group', group);
} finally {
  await browser.close();
  await server.close();
}
