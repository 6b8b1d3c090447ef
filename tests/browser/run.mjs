// Browser tests of the page (web/index.html) and the widget (web/embed.html) in headless Chromium:
// Debian's /usr/bin/chromium driven by playwright-core (no browser is ever downloaded).
//
//   node tests/browser/run.mjs [CLI]     CLI: the native build/native/wattlayer
//
// Serves web/ from a local static server on a free port, drops fixtures on the page and checks
// that the total energy it shows (data-joules) is the native CLI's total.energy_j, the same number,
// for the same file and options; that changing the batch size or the hardware updates it; that a
// corrupt file gives a clear error; that the table, exports, URL hash and themes work; that a
// decoder with a KV cache gets the Generation panel with the CLI's --prompt/--generate figures; that the
// widget renders its estimate; and that no request leaves the page's origin. Screenshots go to
// build/browser-artifacts/. Exits 1 when a check fails.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = process.argv[2] ?? join(root, 'build/native/wattlayer');
const chromiumPath = process.env.WATTLAYER_CHROMIUM ?? '/usr/bin/chromium';
const artifacts = join(root, 'build/browser-artifacts');
const WAIT = { timeout: 20000 };

const BERT = join(root, 'tests/fixtures/onnx/hf_bert_base_b1.onnx');
const RESNET = join(root, 'tests/fixtures/onnx/tv_resnet50_b1.onnx');
const SSD = join(root, 'tests/fixtures/onnx/tv_ssdlite320_mobilenet_v3_large_b1.onnx');

for (const [what, path, hint] of [
  ['the native CLI', cli, 'bash tests/setup.sh'],
  ['the WebAssembly module', join(root, 'web/wasm/wattlayer.wasm'), 'bash tests/setup.sh'],
  ['Chromium', chromiumPath, 'apt-get install -y --no-install-recommends chromium'],
]) {
  if (!existsSync(path)) {
    console.error(`browser tests: ${what} is missing (${path}): ${hint}`);
    process.exit(1);
  }
}

// ------------------------------------------------------------------------------------------------
// The native CLI's answers

function cliJson(args) {
  try {
    return execFileSync(cli, args, { maxBuffer: 1 << 28 }).toString();
  } catch (e) {
    if (e.stdout?.length) return e.stdout.toString(); // exit code 2: the error report is on stdout
    throw e;
  }
}
const expected = (file, ...args) => {
  const text = cliJson(['estimate', file, '--format', 'json', ...args]);
  const report = JSON.parse(text);
  // data-joules is the number the page read from the core's report, written as JavaScript writes it
  return { text, report, joules: report.total ? String(report.total.energy_j) : null };
};

// ------------------------------------------------------------------------------------------------
// Checks

let failures = 0;
let passes = 0;
const timings = {};
function check(label, ok, detail = '') {
  if (ok) {
    passes += 1;
    console.log(`ok   ${label}`);
  } else {
    failures += 1;
    console.log(`FAIL ${label}${detail ? `: ${detail}` : ''}`);
  }
}
async function step(label, fn) {
  try {
    await fn();
  } catch (e) {
    check(label, false, e.message.split('\n')[0]);
  }
}

const joulesOf = (page, scope = '') => page.getAttribute(`${scope}[data-testid="total-energy"]`, 'data-joules', { timeout: 2000 }).catch(() => null);
async function waitForJoules(page, value) {
  await page.waitForFunction(
    (v) => document.querySelector('[data-testid="total-energy"]')?.getAttribute('data-joules') === v,
    value,
    WAIT,
  );
}

// ------------------------------------------------------------------------------------------------

mkdirSync(artifacts, { recursive: true });
const server = await serve(join(root, 'web'));
const origin = server.url;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, colorScheme: 'light' });
const requests = [];
context.on('request', (r) => requests.push(r.url()));
const problems = [];
function watch(page) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
}

try {
  console.log(`Chromium ${browser.version()} at ${chromiumPath}; serving web/ on ${origin}`);
  const page = await context.newPage();
  watch(page);
  await page.goto(`${origin}/index.html`);

  await step('the page loads the hardware profiles of the CLI', async () => {
    const ids = JSON.parse(cliJson(['hardware', '--format', 'json'])).filter((p) => p.precision === 'fp32').map((p) => p.id);
    await page.waitForFunction((n) => document.querySelectorAll('#hardware option').length === n, ids.length, WAIT);
    const shown = await page.$$eval('#hardware option', (os) => os.map((o) => o.value));
    check('the page offers every GPU of the CLI (precisions apart)', JSON.stringify(shown.sort()) === JSON.stringify(ids.sort()), `${shown} vs ${ids}`);
    const groups = await page.$$eval('#hardware optgroup', (gs) => gs.map((g) => g.label));
    check('GPUs are grouped measured / transferred', groups[0] === 'Measured' && /^Transferred/.test(groups[1] ?? ''), groups.join(' | '));
    const note = await page.textContent('#privacy-note');
    check('the page says the file never leaves the machine', /never leaves this machine/.test(note));
    const h100 = JSON.parse(cliJson(['hardware', '--format', 'json'])).find((p) => p.id === 'h100');
    const accuracy = await page.textContent('[data-testid="accuracy"]');
    const median1 = `${(100 * h100.provenance.cv_leave_one_family_out.batch_1.median).toFixed(1)} %`;
    check(`the footer links the paper and states the family-held-out median error (${median1} at batch 1) and what is not validated`,
      accuracy.includes(median1) && /not validated/i.test(accuracy) && (await page.getAttribute('footer a[href*="arxiv.org"]', 'href')) !== null, accuracy);
  });

  const bert = expected(BERT, '--hardware', 'h100');
  await step('drop hf_bert_base_b1.onnx: data-joules equals the CLI', async () => {
    const t0 = performance.now();
    await page.setInputFiles('#file-input', BERT);
    await waitForJoules(page, bert.joules);
    timings.first_drop_ms = performance.now() - t0;
    check(`drop hf_bert_base_b1.onnx: data-joules ${bert.joules} equals the CLI's total.energy_j`, true);
    const rows = Number(await page.getAttribute('[data-testid="layer-table"]', 'aria-rowcount')) - 1;
    const drawn = await page.$$eval('[data-testid="layer-table"] tbody tr:not(.spacer)', (r) => r.length);
    check(`the layer table has a row per layer (${rows}), drawing only those in sight (${drawn})`, rows === bert.report.layers.length && drawn < rows, `${rows} rows, ${bert.report.layers.length} layers`);
    // The answer is brought into view (it lands below the options on this 1280x900 screen).
    await page.waitForFunction(() => {
      const r = document.querySelector('[data-testid="total-energy"]').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }, null, WAIT).catch(() => {});
    const box = await page.$eval('[data-testid="total-energy"]', (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, h: innerHeight }; });
    check('a dropped file\'s total is scrolled into view', box.top >= 0 && box.bottom <= box.h, JSON.stringify(box));
    const shown = await page.textContent('#status-text');
    timings.page_reported_ms = Number((/in (\d+) ms/.exec(shown) ?? [])[1]);
  });

  await step('drop-to-result timing', async () => {
    // each drop a new file name, so that the worker reads it again rather than reuse its cache
    const bytes = readFileSync(BERT);
    const runs = [];
    const inPage = [];
    for (let i = 0; i < 5; i += 1) {
      const t0 = performance.now();
      await page.setInputFiles('#file-input', { name: `bert_${i}.onnx`, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
      // wait until the status names the new file, which it does once the result is shown
      await page.waitForFunction((n) => document.getElementById('status-text').textContent.startsWith(`Estimated ${n} `), `bert_${i}.onnx`, WAIT);
      runs.push(performance.now() - t0);
      inPage.push(await page.$eval('#status-text', (e) => ({ read: Number(e.dataset.readMs), estimate: Number(e.dataset.estimateMs), total: Number(e.dataset.totalMs) })));
    }
    const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    timings.in_page_median_ms = { read: mid(inPage.map((t) => t.read)), estimate_in_worker: mid(inPage.map((t) => t.estimate)), job_to_rendered: mid(inPage.map((t) => t.total)) };
    runs.sort((a, b) => a - b);
    timings.drop_to_result_ms = runs.map((r) => Math.round(r));
    timings.drop_to_result_median_ms = Math.round(runs[2]);
    check(`hf_bert_base_b1.onnx: drop to result within a second (median ${Math.round(runs[2])} ms)`, runs[2] < 1000);
    await page.setInputFiles('#file-input', BERT);
    await waitForJoules(page, bert.joules);
  });

  await step('screenshots: light', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, 'page-light.png') });
    await page.evaluate(() => document.getElementById('results').scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'page-light-results.png') });
  });

  await step('the layer table: sort, filter, group, hide zero-cost', async () => {
    const layers = bert.report.layers;
    await page.click('button.sort[data-sort="energy_j"]');
    const sort = await page.getAttribute('th[data-key="energy_j"]', 'aria-sort');
    const first = await page.textContent('[data-testid="layer-table"] tbody tr th');
    const max = Math.max(...layers.map((l) => l.energy_j));
    check('sorting by energy puts the costliest layer first', sort === 'descending' && layers.find((l) => l.name === first)?.energy_j === max, `${sort} ${first}`);
    const rowCount = () => page.getAttribute('[data-testid="layer-table"]', 'data-rows').then(Number);
    await page.fill('#filter', 'matmul');
    const want = layers.filter((l) => `${l.name}\n${l.op}\n${l.category}\nmatrix multiply`.toLowerCase().includes('matmul')).length;
    await page.waitForFunction((n) => document.querySelector('[data-testid="layer-table"]').dataset.rows === String(n), want, WAIT);
    check(`filtering by "matmul" shows ${want} layers, and says so`, (await page.textContent('#table-count')) === `${want} of ${layers.length} layers shown`, await page.textContent('#table-count'));
    await page.fill('#filter', '');
    await page.check('#hide-zero');
    const nonzero = layers.filter((l) => l.energy_j !== 0).length;
    await page.waitForFunction((n) => document.querySelector('[data-testid="layer-table"]').dataset.rows === String(n), nonzero, WAIT);
    check(`hiding zero-cost layers leaves ${nonzero}`, (await rowCount()) === nonzero);
    await page.selectOption('#group', 'category');
    const groups = Number(await page.getAttribute('[data-testid="layer-table"]', 'data-groups'));
    const categories = new Set(layers.filter((l) => l.energy_j !== 0).map((l) => l.category)).size;
    check('grouping by category gives one group row per category, each layer under it', groups === categories && (await rowCount()) === nonzero + categories, `${groups} vs ${categories}`);
    const hash = await page.evaluate(() => location.hash);
    await page.locator('section.layers').screenshot({ path: join(artifacts, 'page-table-grouped.png') });
    check('the table settings are kept in the URL hash', /sort=energy_j/.test(hash) && /group=category/.test(hash) && /zero=hide/.test(hash), hash);
    await page.uncheck('#hide-zero');
    // By module path: the names' prefixes as a tree, folded below the first level; a module's
    // row sums its layers, and unfolding it shows what it holds.
    await page.selectOption('#group', 'module');
    await page.click('button.sort[data-sort="index"]');
    const modules = await page.$$eval('[data-testid="layer-table"] tr.group-head button', (bs) => bs.map((b) => ({ key: b.dataset.group, open: b.getAttribute('aria-expanded') })));
    const top = new Set(layers.map((l) => l.name.split('/').filter(Boolean)).filter((p) => p.length > 1).map((p) => p[0]));
    const topLevel = modules.filter((m) => m.key.split('/').length === 2);
    check(`grouping by module path shows the top-level modules (${[...top].join(', ')})`, topLevel.length === top.size && topLevel.every((m) => top.has(m.key.split('/')[1])), JSON.stringify(modules.slice(0, 6)));
    const closed = modules.find((m) => m.open === 'false');
    if (closed) {
      const path = closed.key.slice('module:'.length);
      const inside = layers.filter((l) => l.name.startsWith(`${path}/`));
      const sum = inside.reduce((a, l) => a + l.energy_j, 0);
      const shownSum = Number((await page.getAttribute(`button.group-toggle[data-group="${closed.key}"] >> xpath=../../td[contains(@class,"c-energy_j")]`, 'title')).split(' ')[0]);
      check(`a module row sums its ${inside.length} layers' energy`, Math.abs(shownSum - sum) <= 1e-9 * Math.max(1, sum), `${shownSum} vs ${sum}`);
      const before = await rowCount();
      await page.click(`button.group-toggle[data-group="${closed.key}"]`);
      check('unfolding a module shows its rows', (await rowCount()) > before && (await page.getAttribute(`button.group-toggle[data-group="${closed.key}"]`, 'aria-expanded')) === 'true');
      await page.locator('section.layers').screenshot({ path: join(artifacts, 'page-table-modules.png') });
    }
    check('the module grouping is kept in the URL hash', /group=module/.test(await page.evaluate(() => location.hash)));
    await page.selectOption('#group', 'none');
  });

  await step('share: the widget HTML and a Markdown summary', async () => {
    await page.click('.share summary');
    const snippet = await page.inputValue('#share-widget');
    const markdown = await page.inputValue('#share-markdown');
    check('the widget HTML loads the widget from this site and names the file and the GPU',
      snippet.includes(`${origin}/src/widget.js`) && /<wattlayer-estimate src="path\/to\/hf_bert_base_b1\.onnx" hardware="h100"><\/wattlayer-estimate>/.test(snippet), snippet);
    const perSample = (await page.textContent('#total-energy')).trim();
    check('the Markdown summary gives the energy per sample, the GPU and says it is an estimate',
      markdown.includes(`| Energy per sample | ${perSample} (`) && markdown.includes(bert.report.hardware.name) && /not a measurement/.test(markdown), markdown);
    await page.locator('details.share').screenshot({ path: join(artifacts, 'page-share.png') });
    await page.click('.share summary');
  });

  await step('the workload figures: kWh, CO2e and cost of many inferences', async () => {
    // By hand: energy per sample x inferences, in kWh; x PUE; x the grid's gCO2e per kWh; x the price.
    const perSample = bert.report.total.energy_j / bert.report.batch;
    const value = (id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value').then((v) => (v == null ? null : Number(v)));
    const near = (a, b) => a != null && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    check('by default: a million inferences at PUE 1 on the world-average grid (481 g), no price',
      near(await value('workload-kwh'), (perSample * 1e6) / 3.6e6) && near(await value('workload-co2e'), ((perSample * 1e6) / 3.6e6) * 481) &&
      (await value('workload-cost')) === null, `${await value('workload-kwh')}`);
    await page.fill('#wl-count', '2000000');
    await page.fill('#wl-pue', '1.5');
    await page.selectOption('#wl-grid', 'fr');
    await page.fill('#wl-price', '0.2');
    const facility = ((perSample * 2e6) / 3.6e6) * 1.5;
    check('2 million inferences, PUE 1.5, France (56 g), 0.2 per kWh: the figures by hand',
      near(await value('workload-kwh'), facility / 1.5) && near(await value('workload-facility'), facility) &&
      near(await value('workload-co2e'), facility * 56) && near(await value('workload-cost'), facility * 0.2),
      JSON.stringify([await value('workload-facility'), facility]));
    await page.fill('#wl-grams', '100');
    check('typing an intensity makes the grid custom and uses it', (await page.inputValue('#wl-grid')) === 'custom' && near(await value('workload-co2e'), facility * 100));
    const hash = await page.evaluate(() => location.hash);
    check('the workload settings are kept in the URL hash', /n=2000000/.test(hash) && /pue=1.5/.test(hash) && /grid=custom/.test(hash) && /gco2=100/.test(hash) && /price=0.2/.test(hash), hash);
    await page.locator('section.workload').screenshot({ path: join(artifacts, 'page-workload.png') });
    for (const [id, v] of [['#wl-count', '1000000'], ['#wl-pue', '1'], ['#wl-price', '']]) await page.fill(id, v);
    await page.selectOption('#wl-grid', 'world');
    check('back to the defaults, the hash has no workload settings', !/(^|&)(n|pue|grid|gco2|price)=/.test((await page.evaluate(() => location.hash)).slice(1)), await page.evaluate(() => location.hash));
  });

  await step('no sideways scroll: the page and the layer table fit a desktop and a phone', async () => {
    for (const [label, viewport] of [['desktop 1440x900', { width: 1440, height: 900 }], ['phone 390x844', { width: 390, height: 844 }]]) {
      const p = await browser.newPage({ viewport, deviceScaleFactor: 1, colorScheme: 'light' });
      watch(p);
      await p.goto(`${origin}/index.html`);
      await p.setInputFiles('#file-input', BERT);
      await waitForJoules(p, bert.joules);
      await p.waitForFunction(() => {
        const r = document.querySelector('[data-testid="total-energy"]').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      }, null, WAIT).catch(() => {});
      const fit = await p.evaluate(() => {
        const wrap = document.querySelector('.table-wrap');
        const total = document.querySelector('[data-testid="total-energy"]').getBoundingClientRect();
        return { page: document.documentElement.scrollWidth - innerWidth, table: wrap.scrollWidth - wrap.clientWidth, totalInView: total.top >= 0 && total.bottom <= innerHeight };
      });
      check(`${label}: the answer is in view after a drop, and neither the page nor the layer table scrolls sideways`,
        fit.totalInView && fit.page <= 0 && fit.table <= 0, JSON.stringify(fit));
      await p.screenshot({ path: join(artifacts, `page-${viewport.width}-answer.png`) });
      await p.evaluate(() => document.querySelector('section.layers').scrollIntoView());
      await p.screenshot({ path: join(artifacts, `page-${viewport.width}-table.png`) });
      await p.close();
    }
  });

  await step('keyboard: the depth chart reads layers out', async () => {
    await page.focus('#depth-chart .chart-surface');
    await page.keyboard.press('End');
    const text = await page.textContent('#depth-chart .chart-readout');
    check('keyboard: End on the depth chart reads the last layer', text.toLowerCase().includes(`layer ${bert.report.layers.length} of ${bert.report.layers.length}`), text);
  });

  await step('exports', async () => {
    const [json] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#export-json')]);
    const exported = readFileSync(await json.path()).toString();
    check('JSON export equals the CLI report byte for byte', exported === bert.text, `${exported.length} vs ${bert.text.length} bytes`);
    check('the export is named after the file, hardware and batch', json.suggestedFilename() === 'hf_bert_base_b1_h100_b1.json', json.suggestedFilename());
    const [csv] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#export-csv')]);
    const csvText = readFileSync(await csv.path()).toString();
    const cliCsv = cliJson(['estimate', BERT, '--hardware', 'h100', '--format', 'csv']);
    check('CSV export equals the CLI\'s --format csv byte for byte, one line per layer',
      csvText === cliCsv && csvText.trim().split('\n').length === bert.report.layers.length + 1, `${csvText.length} vs ${cliCsv.length} bytes`);
  });

  const bert8 = expected(BERT, '--hardware', 'h100', '--batch', '8');
  await step('batch 8', async () => {
    await page.fill('#batch', '8');
    await page.press('#batch', 'Enter');
    await waitForJoules(page, bert8.joules);
    check(`batch 8: data-joules ${bert8.joules} equals the CLI at --batch 8`, bert8.joules !== bert.joules);
    check('batch 8 is kept in the URL hash', /batch=8/.test(await page.evaluate(() => location.hash)));
    const perSample = Number(await page.getAttribute('[data-testid="total-energy"]', 'data-joules-per-sample'));
    const label = await page.textContent('#energy-label');
    check('batch 8: the headline is per batch of 8, with the per-sample energy (total / 8) beside it',
      Math.abs(perSample - bert8.report.total.energy_j / 8) <= 1e-12 * perSample && label === 'Energy per batch of 8' &&
      (await page.textContent('#total-mwh')).includes('per sample'), `${perSample} ${label}`);
  });

  const bert8h200 = expected(BERT, '--hardware', 'h200', '--batch', '8');
  await step('hardware h200', async () => {
    await page.selectOption('#hardware', 'h200');
    await waitForJoules(page, bert8h200.joules);
    check(`hardware h200, batch 8: data-joules ${bert8h200.joules} equals the CLI`, true);
    await page.selectOption('#hardware', 'h100');
    await waitForJoules(page, bert8.joules);
    await page.fill('#batch', '0');
    await page.press('#batch', 'Enter');
    await page.waitForFunction(() => document.getElementById('results').classList.contains('stale'), null, WAIT).catch(() => {});
    check('an invalid batch fades the result of the previous options and says so',
      (await page.getAttribute('#results', 'class')).includes('stale') && /not valid/.test(await page.textContent('#status-text')), await page.textContent('#status-text'));
    await page.fill('#batch', '');
    await page.press('#batch', 'Enter');
    await waitForJoules(page, bert.joules);
  });

  const a100fp16 = expected(BERT, '--hardware', 'a100_sxm', '--precision', 'fp16', '--batch', '8');
  await step('a transferred GPU at fp16', async () => {
    await page.fill('#batch', '8');
    await page.press('#batch', 'Enter');
    await page.selectOption('#hardware', 'a100_sxm');
    await page.selectOption('#precision', 'fp16');
    await waitForJoules(page, a100fp16.joules);
    const note = await page.textContent('#hardware-note');
    const bf16Disabled = await page.$eval('#precision option[value="bf16"]', (o) => o.disabled);
    check(`A100 SXM at fp16, batch 8: data-joules ${a100fp16.joules} equals the CLI, labelled transferred`,
      /Transferred, not measured/.test(note) && !bf16Disabled && /prec=fp16/.test(await page.evaluate(() => location.hash)), note);
    await page.selectOption('#hardware', 't4');
    await page.waitForFunction(() => document.querySelector('#precision option[value="bf16"]').disabled);
    check('a GPU without bf16 (T4) disables it', true);
    await page.selectOption('#precision', 'fp32');
    await page.selectOption('#hardware', 'h100');
    await page.fill('#batch', '');
    await page.press('#batch', 'Enter');
    await waitForJoules(page, bert.joules);
  });

  const ownProfile = expected(BERT, '--profile', join(root, 'models/h200.json'));
  await step('a profile loaded from a file', async () => {
    await page.setInputFiles('#profile-input', join(root, 'models/h200.json'));
    await waitForJoules(page, ownProfile.joules);
    const label = await page.$eval('#hardware', (s) => s.selectedOptions[0].parentElement.label);
    check(`a fitted profile file (models/h200.json) gives the CLI's --profile total ${ownProfile.joules}`, label === 'Loaded from a file', label);
    await page.selectOption('#hardware', 'h100');
    await waitForJoules(page, bert.joules);

    // A file that looks like a profile but that the core rejects: the error, and h100 again.
    const broken = join(artifacts, 'broken_profile.json');
    writeFileSync(broken, JSON.stringify({ id: 'broken', measured_batches: [1], classes: 'none' }));
    await page.setInputFiles('#profile-input', broken);
    await page.waitForSelector('#error:not([hidden])', WAIT);
    const errorText = await page.textContent('#error');
    const options = await page.$$eval('#hardware option', (os) => os.map((o) => o.value));
    check('a profile file the core rejects is named in the error and leaves the hardware list',
      /broken_profile\.json/.test(errorText) && /bad_profile/.test(errorText) && (await page.inputValue('#hardware')) === 'h100' && !options.includes('file:broken'),
      `${errorText} / ${await page.inputValue('#hardware')}`);
    await page.setInputFiles('#file-input', []); // the same file again fires no change otherwise
    await page.setInputFiles('#file-input', BERT);
    await waitForJoules(page, bert.joules);
  });

  await step('a reload names the dropped file to drop again', async () => {
    await page.reload();
    await page.waitForFunction(() => /^Ready/.test(document.getElementById('status-text').textContent), null, WAIT);
    const status = await page.textContent('#status-text');
    check('after a reload the status asks for the dropped file again, by name', status.includes('hf_bert_base_b1.onnx'), status);
    await page.setInputFiles('#file-input', BERT);
    await waitForJoules(page, bert.joules);
  });

  await step('dark theme', async () => {
    await page.click('#theme-toggle');
    const theme = await page.getAttribute('html', 'data-theme');
    check('the theme toggle switches to dark and keeps it in the hash', theme === 'dark' && /theme=dark/.test(await page.evaluate(() => location.hash)));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, 'page-dark.png') });
    await page.evaluate(() => document.getElementById('results').scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'page-dark-results.png') });
    await page.click('#theme-toggle');
  });

  const ssd = expected(SSD, '--hardware', 'h100');
  await step('a model with warnings', async () => {
    const t0 = performance.now();
    await page.setInputFiles('#file-input', SSD);
    await waitForJoules(page, ssd.joules);
    timings.ssdlite_1971_layers_drop_to_result_ms = Math.round(performance.now() - t0);
    const codes = await page.$$eval('#warning-list > li > code', (cs) => cs.map((c) => c.textContent));
    check(`ssdlite (${ssd.report.layers.length} layers): data-joules equals the CLI and the warnings panel lists ${ssd.report.warnings.map((w) => w.code).join(', ')}`,
      JSON.stringify(codes) === JSON.stringify(ssd.report.warnings.map((w) => w.code)), codes.join(','));
    const messages = await page.$$eval('#warning-list > li > span', (ss) => ss.map((x) => x.textContent));
    check('the warnings speak of the page\'s fields, not the CLI\'s flags', messages.every((m) => !/ --[a-z]/.test(m)) && messages.some((m) => /data-dependent sizes field/.test(m)), messages.join(' | '));
    const badge = await page.textContent('[data-testid="lower-bound"]');
    check(`a bounded estimate is marked as an upper bound (${ssd.report.total.bounded_layers} of ${ssd.report.total.layers} layers bounded)`,
      ssd.report.total.complete === false && (await page.isVisible('[data-testid="lower-bound"]')) &&
      badge.startsWith('Upper bound') && badge.includes(`${ssd.report.total.bounded_layers} of ${ssd.report.total.layers} layers`) &&
      (await page.getAttribute('[data-testid="total-energy"]', 'data-complete')) === 'false', badge);
    const sizesNote = await page.textContent('#sizes-note');
    check('the sizes field offers the operators costed at their most', sizesNote.includes('NonZero') && sizesNote.includes('NonMaxSuppression'), sizesNote);
    const sized = expected(SSD, '--hardware', 'h100', '--size', 'NonZero=50');
    await page.fill('#sizes', 'NonZero=50');
    await page.press('#sizes', 'Enter');
    await waitForJoules(page, sized.joules);
    check('a data-dependent size set on the page gives the CLI\'s --size figure (lower than at the bound)',
      Number(sized.joules) < Number(ssd.joules) && (await page.getAttribute('[data-testid="total-energy"]', 'data-joules')) === sized.joules, sized.joules);
    await page.fill('#sizes', '');
    await page.press('#sizes', 'Enter');
    await waitForJoules(page, ssd.joules);
    await page.evaluate(() => document.getElementById('results').scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'page-warnings.png') });
  });

  const resnet = expected(RESNET, '--hardware', 'h100');
  await step('a new file cancels the running job', async () => {
    await page.setInputFiles('#file-input', { name: 'big_first.onnx', mimeType: 'application/octet-stream', buffer: readFileSync(BERT) });
    await page.setInputFiles('#file-input', RESNET);
    await waitForJoules(page, resnet.joules);
    await page.waitForTimeout(300); // a late answer for the first file would show up now
    check('dropping a second file at once shows the second file\'s result', (await joulesOf(page)) === resnet.joules && !(await page.isVisible('#error')));
  });

  await step('a corrupt file gives a clear error', async () => {
    const corrupt = readFileSync(BERT).subarray(0, 1000);
    const corruptPath = join(artifacts, 'corrupt.onnx');
    writeFileSync(corruptPath, corrupt);
    const cliError = JSON.parse(cliJson(['estimate', corruptPath, '--hardware', 'h100', '--format', 'json'])).error;
    await page.setInputFiles('#file-input', corruptPath);
    await page.waitForSelector('#error:not([hidden])', WAIT);
    const text = await page.textContent('#error');
    check(`a corrupt file shows the core's error (${cliError.code})`, text.includes('could not be estimated') && text.includes(cliError.code) && text.includes(cliError.message), text);
    const role = await page.getAttribute('#error', 'role');
    check('the error is announced (role=alert) and the old result is gone', role === 'alert' && !(await page.isVisible('#results')) && (await page.getAttribute('[data-testid="total-energy"]', 'data-joules')) === null);
    await page.screenshot({ path: join(artifacts, 'page-error.png') });
  });

  await step('a file that is not a model is named, with what to do instead', async () => {
    // A 64 MiB PyTorch checkpoint (a zip holding data.pkl): named from its first bytes, never read whole.
    const checkpoint = Buffer.alloc(64 << 20);
    Buffer.from('PK\x03\x04', 'latin1').copy(checkpoint, 0);
    Buffer.from('archive/data.pkl').copy(checkpoint, 30);
    const checkpointPath = join(artifacts, 'model.pt');
    writeFileSync(checkpointPath, checkpoint);
    await page.setInputFiles('#file-input', checkpointPath);
    await page.waitForSelector('#error:not([hidden])', WAIT);
    const text = await page.textContent('#error');
    check('a PyTorch checkpoint is named (pytorch_checkpoint) with the export to run', text.includes('pytorch_checkpoint') && text.includes('torch.onnx.export'), text);
  });

  const tiny = expected(join(root, 'web/samples/tiny_cnn.json'), '--hardware', 'h100');
  await step('a bundled sample, one click away', async () => {
    await page.click('button[data-sample="tiny_cnn.json"]');
    await waitForJoules(page, tiny.joules);
    check(`the Tiny CNN sample: data-joules ${tiny.joules} equals the CLI`, !(await page.isVisible('#error')));
    check('a complete estimate shows no lower-bound badge, and data-complete says so', !(await page.isVisible('[data-testid="lower-bound"]')) &&
      (await page.getAttribute('[data-testid="total-energy"]', 'data-complete')) === 'true');
    check('the sample is kept in the URL hash', /sample=tiny_cnn\.json/.test(await page.evaluate(() => location.hash)));
  });

  // ----------------------------------------------------------------------------------------------
  // Generation: a decoder with a KV cache (the merged Optimum sample) is estimated as the prefill of
  // a prompt and a decode step per output token; every figure is the CLI's `--prompt P --generate N`.

  const DECODER = join(root, 'web/samples/tiny_decoder_merged.onnx');
  const generation = (prompt, generate) => expected(DECODER, '--hardware', 'h100', '--prompt', String(prompt), '--generate', String(generate));
  const gen512 = generation(512, 256);
  const gen128 = generation(128, 256);
  const gen128x64 = generation(128, 64);
  const genJoules = (id) => page.getAttribute(`[data-testid="${id}"]`, 'data-joules');
  const waitForGeneration = (p, g) => p.waitForFunction((v) => document.querySelector('[data-testid="gen-total-energy"]')?.dataset.joules === v,
    String(g.report.generation.energy_j), WAIT);
  // The panel's figures and curve, against the CLI's generation object.
  async function generationMatches(p, want) {
    const g = want.report.generation;
    const shown = await p.evaluate(() => {
      const d = (id) => document.querySelector(`[data-testid="${id}"]`)?.dataset ?? {};
      return {
        total: document.querySelector('[data-testid="total-energy"]').dataset.joules,
        prefill: [d('gen-prefill-energy').joules, d('gen-prefill-time').seconds],
        decode: [d('gen-decode-energy').joules, d('gen-decode-time').seconds],
        answer: [d('gen-total-energy').joules, d('gen-total-time').seconds],
        first: [d('gen-step-first').joules, d('gen-step-first').context],
        last: [d('gen-step-last').joules, d('gen-step-last').context],
        per1000: d('gen-per-1000').joules,
        curve: [...document.querySelectorAll('[data-testid="gen-curve"] circle')].map((c) => [c.dataset.context, c.dataset.joules]),
      };
    });
    const first = g.decode[0];
    const last = g.decode[g.decode.length - 1];
    const wanted = {
      total: String(want.report.total.energy_j),
      prefill: [String(g.prefill.energy_j), String(g.prefill.time_s)],
      decode: [String(g.decode_energy_j), String(g.decode_time_s)],
      answer: [String(g.energy_j), String(g.time_s)],
      first: [String(first.energy_j), String(first.context)],
      last: [String(last.energy_j), String(last.context)],
      per1000: String(g.joules_per_1000_output_tokens),
      curve: g.decode.map((s) => [String(s.context), String(s.energy_j)]),
    };
    return { ok: JSON.stringify(shown) === JSON.stringify(wanted), detail: `${JSON.stringify(shown)} vs ${JSON.stringify(wanted)}` };
  }

  await step('generation: a decoder with a KV cache', async () => {
    check('the CLI marks the sample decoder\'s cache inputs and estimates its generation (merged If form)',
      gen512.report.graph_inputs.some((i) => i.kv_cache) && gen512.report.generation.form === 'merged_if' && gen512.report.generation.decode.length > 1);
    await page.click('button[data-sample="tiny_decoder_merged.onnx"]');
    await page.waitForSelector('[data-testid="generation"]:not([hidden])', WAIT);
    await waitForGeneration(page, gen512);
    const fields = [await page.inputValue('#gen-prompt'), await page.inputValue('#gen-output')];
    const at512 = await generationMatches(page, gen512);
    check(`the Generation panel shows for the decoder sample, at P 512 and N 256 by default, with the CLI's --prompt 512 --generate 256 figures (answer ${gen512.report.generation.energy_j} J)`,
      fields.join(',') === '512,256' && at512.ok, `${fields} ${at512.detail}`);
    const caveat = await page.textContent('[data-testid="gen-caveat"]');
    const warned = await page.$$eval('#warning-list > li', (lis) => lis.map((li) => [li.querySelector('code').textContent, li.querySelector('span').textContent]));
    const extrapolated = warned.find(([code]) => code === 'decode_extrapolated');
    check('the panel says in plain words that the decode figures are extrapolated, as the warning list does',
      (await page.isVisible('[data-testid="gen-caveat"]')) && /extrapolated/.test(caveat) && /memory bandwidth/.test(caveat) && extrapolated?.[1] === caveat &&
      warned.every(([, m]) => !/ --[a-z]/.test(m)), caveat);
    const split = Number(await page.getAttribute('[data-testid="gen-split"]', 'data-prefill-share'));
    check('the split bar is the prefill\'s share of the answer', split === gen512.report.generation.prefill.energy_j / gen512.report.generation.energy_j, String(split));
    const label = await page.textContent('#energy-label');
    check('the headline is labelled as the prompt\'s prefill', /prefill of 512 tokens/.test(label), label);

    // Changing P, then N: debounced, each a new estimate.
    await page.fill('#gen-prompt', '128');
    await waitForGeneration(page, gen128);
    const at128 = await generationMatches(page, gen128);
    check('changing P to 128 updates every figure to the CLI\'s --prompt 128 --generate 256', at128.ok && gen128.report.generation.energy_j !== gen512.report.generation.energy_j, at128.detail);
    await page.fill('#gen-output', '64');
    await waitForGeneration(page, gen128x64);
    const at64 = await generationMatches(page, gen128x64);
    check('changing N to 64 gives the CLI\'s --prompt 128 --generate 64', at64.ok, at64.detail);
    check('the lengths are kept in the URL hash', /prompt=128/.test(await page.evaluate(() => location.hash)) && /gen=64/.test(await page.evaluate(() => location.hash)));
    await page.fill('#gen-output', '0');
    await page.waitForTimeout(600);
    check('an invalid length is marked and leaves the figures alone', (await page.getAttribute('#gen-output', 'aria-invalid')) === 'true' &&
      (await genJoules('gen-total-energy')) === String(gen128x64.report.generation.energy_j));
    await page.fill('#gen-output', '64');

    // The workload: a million output tokens at the CLI's J per 1,000 output tokens, by hand.
    const per1000 = gen128x64.report.generation.joules_per_1000_output_tokens;
    const kwh = (per1000 * 1000) / 3.6e6;
    const value = (id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value').then((v) => (v == null ? null : Number(v)));
    const near = (a, b) => a != null && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    check(`the workload gives kWh and CO2e per million output tokens from the CLI's ${per1000} J per 1,000 (world grid, PUE 1)`,
      (await page.isVisible('[data-testid="workload-kwh-per-mtok"]')) && near(await value('workload-kwh-per-mtok'), kwh) && near(await value('workload-co2e-per-mtok'), kwh * 481),
      `${await value('workload-kwh-per-mtok')} vs ${kwh}`);
    await page.locator('section.workload').screenshot({ path: join(artifacts, 'page-generation-workload.png') });

    // The layer table: the prefill's layers, or one decode step's.
    const rows = () => page.getAttribute('[data-testid="layer-table"]', 'data-rows').then(Number);
    const decodeLayers = gen128x64.report.generation.decode_layers;
    await page.click('[data-testid="layer-phase"] button[data-phase="decode"]');
    const headers = await page.$$eval('[data-testid="layer-table"] thead th', (ths) => ths.map((t) => t.dataset.key));
    const firstEnergy = await page.getAttribute('[data-testid="layer-table"] tbody tr:not(.spacer) td.c-energy_j', 'title');
    check(`the layer table lists one decode step's ${decodeLayers.length} layers, with the fields they have`,
      (await rows()) === decodeLayers.length && firstEnergy === `${decodeLayers[0].energy_j} J` && headers.includes('bytes') && !headers.includes('category') &&
      (await page.textContent('#table-count')) === `${decodeLayers.length} layers`, `${await rows()} ${firstEnergy} ${headers}`);
    await page.click('button.sort[data-sort="energy_j"]');
    const top = await page.textContent('[data-testid="layer-table"] tbody tr:not(.spacer) th');
    const costliest = decodeLayers.reduce((a, b) => (b.energy_j > a.energy_j ? b : a));
    check('the decode step\'s layers sort by energy', top === costliest.name, `${top} vs ${costliest.name}`);
    await page.evaluate(() => document.querySelector('section.layers').scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'page-generation-decode-layers.png') });
    await page.click('button.sort[data-sort="index"]');
    await page.click('[data-testid="layer-phase"] button[data-phase="prefill"]');
    check('and back to the prefill\'s layers', (await rows()) === gen128x64.report.layers.length);

    const [json] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#export-json')]);
    check('the JSON export is the CLI\'s --prompt 128 --generate 64 report byte for byte', readFileSync(await json.path()).toString() === gen128x64.text);

    await page.fill('#gen-prompt', '512');
    await page.fill('#gen-output', '256');
    await waitForGeneration(page, gen512);
    check('back at the default lengths, the hash has none', !/(^|&)(prompt|gen)=/.test((await page.evaluate(() => location.hash)).slice(1)));

    // A model without a KV cache gets no panel and no per-token figures.
    await page.setInputFiles('#file-input', RESNET);
    await waitForJoules(page, resnet.joules);
    check('no Generation panel, layer switch or per-token workload figure for resnet50',
      !(await page.isVisible('[data-testid="generation"]')) && !(await page.isVisible('[data-testid="layer-phase"]')) && !(await page.isVisible('[data-testid="workload-kwh-per-mtok"]')));
  });

  await step('generation: the answer stays in view on a desktop and a phone, light and dark', async () => {
    for (const [label, viewport] of [['desktop 1440x900', { width: 1440, height: 900 }], ['phone 390x844', { width: 390, height: 844 }]]) {
      for (const scheme of ['light', 'dark']) {
        const p = await browser.newPage({ viewport, deviceScaleFactor: 1, colorScheme: scheme });
        watch(p);
        // the phone opens a link with the lengths in its hash; the desktop clicks the sample
        if (viewport.width < 500) {
          await p.goto(`${origin}/index.html#sample=tiny_decoder_merged.onnx&prompt=128&gen=64`);
          await waitForGeneration(p, gen128x64);
        } else {
          await p.goto(`${origin}/index.html`);
          await p.click('button[data-sample="tiny_decoder_merged.onnx"]');
          await waitForGeneration(p, gen512);
        }
        const want = viewport.width < 500 ? gen128x64 : gen512;
        await p.waitForFunction(() => {
          const r = document.querySelector('[data-testid="total-energy"]').getBoundingClientRect();
          return r.top >= 0 && r.bottom <= innerHeight;
        }, null, WAIT).catch(() => {});
        await p.waitForTimeout(400); // the smooth scroll's last frames
        const fit = await p.evaluate(() => {
          const total = document.querySelector('[data-testid="total-energy"]').getBoundingClientRect();
          const panel = document.querySelector('[data-testid="generation"]').getBoundingClientRect();
          return { page: document.documentElement.scrollWidth - innerWidth, totalInView: total.top >= 0 && total.bottom <= innerHeight, panelTop: Math.round(panel.top), height: innerHeight };
        });
        const matches = await generationMatches(p, want);
        check(`${label}, ${scheme}: the decoder's answer is in view, the panel below it, the CLI's figures, no sideways scroll`,
          fit.totalInView && fit.page <= 0 && fit.panelTop > 0 && matches.ok, `${JSON.stringify(fit)} ${matches.ok ? '' : matches.detail}`);
        await p.screenshot({ path: join(artifacts, `page-generation-${viewport.width}-${scheme}.png`) });
        await p.evaluate(() => document.querySelector('[data-testid="generation"]').scrollIntoView());
        await p.screenshot({ path: join(artifacts, `page-generation-${viewport.width}-${scheme}-panel.png`) });
        await p.close();
      }
    }
  });

  const resnetSample8 = expected(join(root, 'web/samples/tv_resnet50_b1.onnx'), '--hardware', 'h100', '--batch', '8');
  await step('settings restored from the URL hash', async () => {
    const restored = await context.newPage();
    watch(restored);
    await restored.goto(`${origin}/index.html#sample=tv_resnet50_b1.onnx&batch=8&theme=dark&hw=H100`);  // ids in any case
    await waitForJoules(restored, resnetSample8.joules);
    check('a URL hash restores sample, batch, theme and hardware (H100 as h100)', (await restored.getAttribute('html', 'data-theme')) === 'dark' &&
      (await restored.inputValue('#batch')) === '8' && (await restored.inputValue('#hardware')) === 'h100');
    await restored.close();
  });

  // ----------------------------------------------------------------------------------------------
  // Several files, folders, and big files with inline weights

  const modelRows = (p) => p.$$eval('[data-testid="model-list"] tbody tr', (rows) => rows.map((r) => ({
    name: r.querySelector('th').textContent,
    joules: r.querySelector('[data-joules]')?.getAttribute('data-joules') ?? null,
    text: r.textContent,
  })));
  async function waitForModelRows(p, count) {
    await p.waitForFunction((n) => {
      const rows = [...document.querySelectorAll('[data-testid="model-list"] tbody tr')];
      return rows.length === n && rows.every((r) => r.querySelector('[data-joules]') || r.querySelector('td.failed'));
    }, count, WAIT);
    return modelRows(p);
  }

  await step('a fresh page: several files as the first action', async () => {
    const fresh = await context.newPage();
    watch(fresh);
    await fresh.goto(`${origin}/index.html`);
    await fresh.setInputFiles('#file-input', [RESNET, BERT]);
    const rows = await waitForModelRows(fresh, 2);
    check('several files chosen first on a fresh page: two rows, no error',
      rows.every((r) => r.joules) && !(await fresh.isVisible('#error')), JSON.stringify(rows));
    await fresh.close();
  });

  await step('a Hugging Face export folder: model.onnx is read, its configs are not', async () => {
    const dir = join(artifacts, 'hf-export');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.onnx'), readFileSync(BERT));
    writeFileSync(join(dir, 'model.onnx_data'), Buffer.alloc(4096));
    for (const name of ['config.json', 'tokenizer.json', 'generation_config.json', 'special_tokens_map.json'])
      writeFileSync(join(dir, name), '{"model_type": "bert"}');
    const fresh = await context.newPage();
    watch(fresh);
    await fresh.goto(`${origin}/index.html`);
    await fresh.setInputFiles('#folder-input', dir);
    const rows = await waitForModelRows(fresh, 1);
    await waitForJoules(fresh, bert.joules);
    const note = await fresh.textContent('#model-list-note');
    check('an HF folder: one model row (model.onnx), the configs named as not read, with a reason',
      rows.length === 1 && rows[0].name === 'hf-export/model.onnx' && /Not read: 5 other files/.test(note) && /config\.json \(configuration, not a model\)/.test(note),
      `${JSON.stringify(rows)} ${note}`);
    await fresh.close();
  });

  await step('several files: one row per model, weight files not read', async () => {
    const weights = join(artifacts, 'hf_bert_base_b1.onnx.weights');
    writeFileSync(weights, Buffer.alloc(1 << 20, 7));
    await page.setInputFiles('#file-input', [RESNET, weights, BERT]);
    const rows = await waitForModelRows(page, 2);
    const want = [['hf_bert_base_b1.onnx', bert.joules], ['tv_resnet50_b1.onnx', resnet.joules]];
    check('two models and a weight file: two rows with the CLI\'s totals', JSON.stringify(rows.map((r) => [r.name, r.joules])) === JSON.stringify(want), JSON.stringify(rows));
    const note = await page.textContent('#model-list-note');
    check('the weight file is named as not read', /Not read: 1 other file.*hf_bert_base_b1\.onnx\.weights/.test(note), note);
    check('the first model (by name) is shown in full', (await joulesOf(page)) === bert.joules);
    await page.click('[data-testid="model-list"] button.model >> text=tv_resnet50_b1.onnx');
    await waitForJoules(page, resnet.joules);
    check('selecting a row shows that model', (await page.getAttribute('[data-testid="model-list"] tr[aria-current="true"] th', 'scope')) === 'row');
    check('one [data-testid=model-row] per model', (await page.$$eval('[data-testid="model-row"]', (r) => r.length)) === 2);
    // Side by side: per sample, the interval and completeness, sortable, exported as CSV.
    const perSample = await page.$$eval('[data-testid="model-row"] [data-joules-per-sample]', (cells) => cells.map((c) => Number(c.dataset.joulesPerSample)));
    check('the list gives the energy per sample of each model (the CLI\'s total / batch)',
      JSON.stringify(perSample) === JSON.stringify([bert.report.total.energy_j / bert.report.batch, resnet.report.total.energy_j / resnet.report.batch]), JSON.stringify(perSample));
    await page.click('button[data-model-sort="energyPerSample"]');
    const sorted = (await modelRows(page)).map((r) => r.name);
    const costliest = bert.report.total.energy_j > resnet.report.total.energy_j ? 'hf_bert_base_b1.onnx' : 'tv_resnet50_b1.onnx';
    check('sorting the list by energy per sample puts the costliest first', sorted[0] === costliest, sorted.join(', '));
    const [csv] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#export-models')]);
    const lines = readFileSync(await csv.path()).toString().trim().split('\n');
    check('the list exports as CSV, a line per model with the energy per sample', lines.length === 3 &&
      lines.slice(1).some((l) => l.startsWith('"tv_resnet50_b1.onnx",') && l.includes(`,${resnet.report.total.energy_j / resnet.report.batch},`)), lines.join(' | '));
    await page.locator('section.input-panel').screenshot({ path: join(artifacts, 'page-model-list.png') });
  });

  await step('comparisons: every GPU and precision, the batch curve, an earlier version', async () => {
    // resnet50 is on the page (the list's row chosen above), at batch 1 on h100.
    const profiles = JSON.parse(cliJson(['hardware', '--format', 'json']));
    await page.click('#compare-gpus');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="profile-row"]').length === n, profiles.length, { timeout: 120000 });
    const rows = await page.$$eval('[data-testid="profile-row"]', (rs) => rs.map((r) => ({ id: r.dataset.profile, joules: Number(r.querySelector('[data-joules]').dataset.joules), source: r.lastElementChild.textContent })));
    const a100 = expected(RESNET, '--hardware', 'a100_sxm', '--precision', 'fp16');
    const row = rows.find((r) => r.id === 'a100_sxm-fp16');
    check(`every profile (${profiles.length}) gets a row; A100 SXM fp16 is the CLI's figure`, row?.joules === a100.report.total.energy_j, JSON.stringify(row));
    check('the rows are cheapest first, transferred profiles marked not validated',
      rows.every((r, i) => i === 0 || rows[i - 1].joules <= r.joules) && rows.filter((r) => /not validated/.test(r.source)).length === profiles.filter((p) => p.source !== 'measured').length);
    await page.locator('section.compare').screenshot({ path: join(artifacts, 'page-compare-gpus.png') });
    await page.click('#compare-batch');
    await page.waitForSelector('[data-testid="batch-curve"]', { timeout: 60000 });
    const points = await page.$$eval('[data-testid="batch-curve"] circle', (cs) => cs.map((c) => [Number(c.dataset.batch), Number(c.dataset.joules)]));
    const at32 = expected(RESNET, '--hardware', 'h100', '--batch', '32');
    check('the batch curve has 1 to 64, batch 32 the CLI\'s total / 32',
      JSON.stringify(points.map((p) => p[0])) === JSON.stringify([1, 2, 4, 8, 16, 32, 64]) && points[5][1] === at32.report.total.energy_j / 32, JSON.stringify(points));
    await page.locator('section.compare').screenshot({ path: join(artifacts, 'page-compare-batch.png') });

    // An earlier version: the core's diff of that file against the model on the page.
    const earlier = join(root, 'tests/fixtures/onnx/tv_mobilenet_v3_small_b1.onnx');
    await page.setInputFiles('#version-input', earlier);
    await page.waitForSelector('[data-testid="version-diff"]', { timeout: 60000 });
    const diff = JSON.parse(cliJson(['diff', earlier, RESNET, '--hardware', 'h100', '--format', 'json']));
    const energyRow = await page.$eval('[data-testid="version-diff"] tr[data-figure="energy_j"]', (r) => ({ before: Number(r.dataset.before), after: Number(r.dataset.after) }));
    check('"with an earlier version" shows the CLI\'s diff: energy before and after',
      energyRow.before === diff.total.energy_j.before && energyRow.after === diff.total.energy_j.after, JSON.stringify(energyRow));
    const markdown = await page.inputValue('#version-diff-markdown');
    check('its Markdown for a pull request is the CLI\'s `diff --format markdown`',
      markdown === execFileSync(cli, ['diff', earlier, RESNET, '--hardware', 'h100']).toString(), markdown.slice(0, 200));
    check('its layer changes are listed, largest first',
      (await page.$$eval('[data-testid="version-diff-layer"]', (r) => r.length)) === Math.min(15, diff.layers.length));
    await page.locator('section.compare').screenshot({ path: join(artifacts, 'page-compare-version.png') });
  });

  await step('a folder: every model inside, at any depth', async () => {
    const dir = join(artifacts, 'dropped-folder');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'json'), { recursive: true });
    writeFileSync(join(dir, 'tv_resnet50_b1.onnx'), readFileSync(RESNET));
    writeFileSync(join(dir, 'tv_resnet50_b1.onnx.data'), Buffer.alloc(4096));
    writeFileSync(join(dir, 'json', 'tiny_cnn.json'), readFileSync(join(root, 'web/samples/tiny_cnn.json')));
    writeFileSync(join(dir, 'json', 'not_a_model.json'), '{"hidden_size": 768}');
    await page.setInputFiles('#folder-input', dir);
    const rows = await waitForModelRows(page, 3);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    check('a folder lists its 3 models (one not valid, with its error) and skips the weights',
      byName['dropped-folder/tv_resnet50_b1.onnx']?.joules === resnet.joules && byName['dropped-folder/json/tiny_cnn.json']?.joules === tiny.joules &&
      /invalid_model/.test(byName['dropped-folder/json/not_a_model.json']?.text ?? ''), JSON.stringify(rows));
  });

  // A real graph (ResNet-50) with its 100 MB of weights inline, made by tests/bench/make_large_onnx.py;
  // WATTLAYER_LARGE_ONNX=a.onnx:b.onnx adds others (the benchmark's 0.5 and 1.9 GB files).
  const inline = join(artifacts, 'tv_resnet50_inline.onnx');
  execFileSync('/usr/bin/python3', [join(root, 'tests/bench/make_large_onnx.py'), RESNET, inline]);
  const large = [inline, ...(process.env.WATTLAYER_LARGE_ONNX ?? '').split(':').filter(Boolean)];
  timings.large_files = [];
  for (const file of large) {
    await step(`a file with inline weights: ${file}`, async () => {
      const want = expected(file, '--hardware', 'h100');
      const t0 = performance.now();
      await page.setInputFiles('#file-input', file);
      // the page may already show this total (the same graph without weights): wait for this file's status
      const name = file.split('/').pop();
      await page.waitForFunction((n) => document.getElementById('status-text').textContent.startsWith(`Estimated ${n} `), name, WAIT);
      await waitForJoules(page, want.joules);
      const ms = performance.now() - t0;
      const status = await page.$eval('#status-text', (e) => ({ ...e.dataset, text: e.textContent }));
      const memory = Number(status.wasmMemoryBytes);
      timings.large_files.push({ file, bytes: statSync(file).size, drop_to_result_ms: Math.round(ms), wasm_memory_bytes: memory, skipped_bytes: Number(status.skippedBytes) });
      check(`${file}: the CLI's total, weights skipped (${Math.round(ms)} ms, WebAssembly memory ${(memory / 2 ** 20).toFixed(0)} MiB)`,
        Number(status.skippedBytes) > 0.9 * statSync(file).size && memory < 256 * 2 ** 20 && /skipped unread/.test(status.text), JSON.stringify(status));
    });
  }

  // ----------------------------------------------------------------------------------------------
  // The widget

  const widgetResnet = expected(join(root, 'web/samples/tv_resnet50_b1.onnx'), '--hardware', 'h100', '--batch', '1');
  const widgetBert = expected(join(root, 'web/samples/hf_bert_base_b1.onnx'), '--hardware', 'h200', '--batch', '8');
  const widgetTiny = tiny;
  await step('the widget page renders its estimates', async () => {
    const embed = await context.newPage();
    watch(embed);
    await embed.goto(`${origin}/embed.html`);
    await embed.waitForSelector('#resnet-widget [data-testid="total-energy"]', WAIT);
    check(`the widget (ResNet-50, h100, batch 1) shows the CLI's ${widgetResnet.joules}`, (await joulesOf(embed, '#resnet-widget ')) === widgetResnet.joules);
    await embed.locator('#resnet-widget').screenshot({ path: join(artifacts, 'widget.png') });
    await embed.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const widgets = embed.locator('wattlayer-estimate');
    await embed.waitForFunction(() => [...document.querySelectorAll('wattlayer-estimate')].every((w) => w.shadowRoot.querySelector('[data-testid="total-energy"]')), null, WAIT);
    const values = await widgets.evaluateAll((ws) => ws.map((w) => w.shadowRoot.querySelector('[data-testid="total-energy"]').getAttribute('data-joules')));
    check('the lazy widgets (BERT h200 batch 8, Tiny CNN) show the CLI\'s totals', values[1] === widgetBert.joules && values[2] === widgetTiny.joules, values.join(' '));
    const bertWidget = await widgets.nth(1).evaluate((w) => ({
      perSample: Number(w.shadowRoot.querySelector('[data-testid="total-energy"]').dataset.joulesPerSample),
      text: w.shadowRoot.querySelector('.figure').textContent,
    }));
    check('the widget at batch 8 says per batch of 8 and gives the per-sample energy',
      Math.abs(bertWidget.perSample - widgetBert.report.total.energy_j / 8) <= 1e-12 * bertWidget.perSample && /per batch of 8/.test(bertWidget.text) && /per sample/.test(bertWidget.text),
      JSON.stringify(bertWidget));
    await embed.evaluate(() => window.scrollTo(0, 0));
    await embed.screenshot({ path: join(artifacts, 'embed-page.png'), fullPage: true });
    await embed.emulateMedia({ colorScheme: 'dark' });
    await embed.locator('#resnet-widget').screenshot({ path: join(artifacts, 'widget-dark.png') });

    // A model whose NonZero is costed at its bound, served from the page's origin.
    const bounded = JSON.stringify({ name: 'bounded', inputs: [{ name: 'x', shape: [2, 3] }],
      layers: [{ name: 'nz', op: 'NonZero', inputs: ['x'], outputs: ['i'] }, { name: 'c', op: 'Cast', inputs: ['i'], outputs: ['f'], attributes: { to: 1 } }] });
    await embed.route('**/samples/bounded.json', (r) => r.fulfill({ body: bounded, contentType: 'application/json' }));
    await embed.evaluate(() => {
      const w = document.createElement('wattlayer-estimate');
      w.id = 'bounded-widget';
      w.setAttribute('src', 'samples/bounded.json');
      document.body.append(w);
    });
    await embed.waitForSelector('#bounded-widget [data-testid="total-energy"]', WAIT);
    const bound = await embed.locator('#bounded-widget').evaluate((w) => w.shadowRoot.querySelector('.bound')?.textContent ?? '');
    const resnetBound = await embed.locator('#resnet-widget').evaluate((w) => w.shadowRoot.querySelector('.bound'));
    check('the widget marks an estimate costed at a data-dependent bound, and only that one', bound.startsWith('Upper bound: 2 of 2 layers') && resnetBound === null, bound);
    const worded = await embed.locator('#bounded-widget').evaluate((w) => [...w.shadowRoot.querySelectorAll('[data-testid="widget-warnings"] li')].map((li) => li.textContent));
    check('the widget words its warnings, without the CLI\'s flags', worded.length > 0 && worded.some((t) => /data-dependent sizes field/.test(t)) && worded.every((t) => !/ --[a-z]/.test(t)), worded.join(' | '));
    await embed.close();
  });

  // A widget whose src is the large ONNX file with inline weights made above: through a server that
  // answers Range requests only the graph's bytes are downloaded; through one that ignores Range,
  // the first answer is the whole file, read once. Both give the CLI's total.
  const bigWidget = expected(inline, '--hardware', 'h100');
  const bigSize = statSync(inline).size;
  const rangeSite = join(artifacts, 'range-site');
  rmSync(rangeSite, { recursive: true, force: true });
  mkdirSync(rangeSite, { recursive: true });
  symlinkSync(join(root, 'web'), join(rangeSite, 'web'));
  symlinkSync(inline, join(rangeSite, 'big.onnx'));
  writeFileSync(join(rangeSite, 'widget.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>widget</title>' +
    '<script type="module" src="web/src/widget.js"></script>' +
    '<wattlayer-estimate id="big" src="big.onnx" hardware="h100" label="ResNet-50, 100 MB of inline weights"></wattlayer-estimate>');
  timings.widget_large_url = { file_bytes: bigSize };
  for (const ranges of [true, false]) {
    const how = ranges ? 'by Range requests' : 'from a server that ignores Range';
    await step(`the widget reads a large ONNX URL ${how}`, async () => {
      const site = await serve(rangeSite, { ranges });
      const siteContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      try {
        const p = await siteContext.newPage();
        watch(p);
        const t0 = performance.now();
        await p.goto(`${site.url}/widget.html`);
        await p.waitForSelector('#big [data-testid="total-energy"]', WAIT);
        const ms = Math.round(performance.now() - t0);
        const shown = await p.locator('#big').evaluate((w) => ({
          joules: w.shadowRoot.querySelector('[data-testid="total-energy"]').dataset.joules,
          precision: w.shadowRoot.querySelector('[data-testid="file-precision"]')?.textContent ?? null,
        }));
        await p.locator('#big').screenshot({ path: join(artifacts, ranges ? 'widget-large-ranges.png' : 'widget-large-whole.png') });
        const asked = site.served.filter((r) => r.url === '/big.onnx');
        const sent = asked.reduce((n, r) => n + r.bytes, 0);
        timings.widget_large_url[ranges ? 'ranges' : 'whole'] = { requests: asked.length, bytes_sent: sent, load_to_result_ms: ms };
        check(`the widget (${bigSize} bytes, inline weights, ${how}) shows the CLI's ${bigWidget.joules}`, shown.joules === bigWidget.joules, shown.joules);
        check(`the widget shows the file's precision (${bigWidget.report.model.precision}, ${how})`, shown.precision === bigWidget.report.model.precision, shown.precision);
        const detail = JSON.stringify(asked.map(({ range, status, bytes }) => ({ range, status, bytes })));
        if (ranges) {
          check(`by Range: ${asked.length} requests, ${sent} bytes sent (< 10% of ${bigSize}), each a Range answered 206`,
            asked.length >= 1 && sent < 0.1 * bigSize && asked.every((r) => /^bytes=\d+-\d+$/.test(r.range ?? '') && r.status === 206), detail);
        } else {
          check(`without Range: one request, the whole file sent once (${sent} bytes)`, asked.length === 1 && asked[0].status === 200 && sent === bigSize, detail);
        }
      } finally {
        await siteContext.close();
        await site.close();
      }
    });
  }

  await step('the site works from a sub-path (as on GitHub Pages)', async () => {
    const dir = join(artifacts, 'subpath');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(root, 'web'), join(dir, 'project'));
    const sub = await serve(dir);
    const subContext = await browser.newContext();
    const subRequests = [];
    subContext.on('request', (r) => subRequests.push(r.url()));
    try {
      const p = await subContext.newPage();
      watch(p);
      await p.goto(`${sub.url}/project/#sample=tiny_cnn.json`);
      await waitForJoules(p, tiny.joules);
      await p.goto(`${sub.url}/project/embed.html`);
      await p.waitForSelector('#resnet-widget [data-testid="total-energy"]', WAIT);
      const outside = subRequests.filter((u) => !u.startsWith(`${sub.url}/project/`));
      check('the page and the widget work from a sub-path, fetching only below it', (await joulesOf(p, '#resnet-widget ')) === widgetResnet.joules && outside.length === 0, outside.join(', '));
    } finally {
      await subContext.close();
      await sub.close();
    }
  });

  // ----------------------------------------------------------------------------------------------

  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
  check(`no request leaves the page's origin (${requests.length} requests recorded)`, foreign.length === 0, foreign.join(', '));
  check('requests from the worker are recorded too (the .wasm)', requests.some((u) => u.endsWith('/wasm/wattlayer.wasm')));
  check('no page errors, console errors or CSP violations', problems.length === 0, problems.join(' | '));
  writeFileSync(join(artifacts, 'requests.txt'), `${requests.join('\n')}\n`);
  writeFileSync(join(artifacts, 'timings.json'), `${JSON.stringify({ chromium: browser.version(), ...timings }, null, 2)}\n`);
  console.log(`timings: ${JSON.stringify(timings)}`);
} finally {
  await browser.close();
  await server.close();
}
console.log(`${passes} passed, ${failures} failed; screenshots in ${artifacts}`);
process.exit(failures ? 1 : 0);
