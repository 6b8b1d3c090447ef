// The `wattlayer` npm package (web/npm) as a user gets it: built and packed by web/npm/build.mjs,
// installed from the tarball into a scratch project (npm install --offline), then
//   (a) under Node.js, `import { estimate, inspect, generate, hardware } from 'wattlayer'` on the
//       samples from bytes, a path, a Blob and URLs of a local server (with and without Range
//       support; a large ONNX file with inline weights read by ranges, its graph only): every
//       report equals the native CLI's JSON; errors are WattLayerErrors with the CLI's codes;
//   (b) in headless Chromium (Debian's /usr/bin/chromium through tests/browser's playwright-core),
//       the installed package served from one origin as a CDN (with CORS) and a page on another
//       origin that loads its widget.js and the API through an import map: the widgets' totals
//       (data-joules) and the API's are the CLI's.
//
//   node tests/npm/run.mjs [CLI]      CLI: the native build/native/wattlayer
//
// Exits 1 when a check fails. Leaves nothing behind (a temporary folder, removed at the end).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from './server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = process.argv[2] ?? join(root, 'build/native/wattlayer');
const chromiumPath = process.env.WATTLAYER_CHROMIUM ?? '/usr/bin/chromium';
const WAIT = { timeout: 20000 };

const RESNET = join(root, 'models/samples/tv_resnet50_b1.onnx');
const TINY = join(root, 'models/samples/tiny_cnn.json');
const DECODER = join(root, 'tests/fixtures/generation/decoder_model_merged.onnx');

for (const [what, path, hint] of [
  ['the native CLI', cli, 'bash tests/setup.sh'],
  ['the WebAssembly module', join(root, 'web/wasm/wattlayer.wasm'), 'bash tests/setup.sh'],
  ['playwright-core', join(root, 'tests/browser/node_modules/playwright-core'), 'bash tests/setup.sh (npm ci --prefix tests/browser)'],
  ['Chromium', chromiumPath, 'apt-get install -y --no-install-recommends chromium'],
]) {
  if (!existsSync(path)) {
    console.error(`npm package test: ${what} is missing (${path}): ${hint}`);
    process.exit(1);
  }
}

let failures = 0;
let passes = 0;
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
    check(label, false, `${e.code ? `[${e.code}] ` : ''}${e.message.split('\n')[0]}`);
  }
}

// The CLI's JSON (its error report too: exit code 2 prints it on stdout).
function cliJson(...args) {
  try {
    return JSON.parse(execFileSync(cli, [...args, '--format', 'json'], { maxBuffer: 1 << 28 }).toString());
  } catch (e) {
    if (e.stdout?.length) return JSON.parse(e.stdout.toString());
    throw e;
  }
}
// Two reports as the same JSON; else where they part.
function sameReport(got, want) {
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  if (a === b) return '';
  let at = 0;
  while (a[at] === b[at]) at += 1;
  return `differs at ${at}: got ...${a.slice(Math.max(0, at - 40), at + 60)}... want ...${b.slice(Math.max(0, at - 40), at + 60)}...`;
}
const summary = (r) => `${r.total.energy_j} J, ${r.total.layers} layers`;

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

// A copy of an ONNX model with `padBytes` of weights inline: one more initializer (uint8, unused)
// appended to its graph, as an exported model's weights would be, so that reading the graph alone
// (by Range requests) can be told from reading the file.
function varint(n) {
  const out = [];
  while (n >= 0x80) { out.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80); }
  out.push(n);
  return Buffer.from(out);
}
function readVarint(buf, at) {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = buf[at++];
    value += (b & 0x7f) * scale;
    scale *= 0x80;
    if (!(b & 0x80)) return [value, at];
  }
}
const field = (number, bytes) => Buffer.concat([varint(number * 8 + 2), varint(bytes.length), bytes]);
function withInlineWeights(model, padBytes) {
  const name = Buffer.from('npm_test_inline_weights');
  const tensor = Buffer.concat([varint(1 * 8), varint(padBytes), varint(2 * 8), varint(2 /* UINT8 */), field(8, name), field(9, Buffer.alloc(padBytes))]);
  const parts = [];
  let at = 0;
  let found = false;
  while (at < model.length) {
    const start = at;
    let key;
    [key, at] = readVarint(model, at);
    const wire = key & 7;
    if (wire === 0) [, at] = readVarint(model, at);
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      let length;
      [length, at] = readVarint(model, at);
      if (key >> 3 === 7) { // ModelProto.graph: GraphProto.initializer (5) appended
        parts.push(field(7, Buffer.concat([model.subarray(at, at + length), field(5, tensor)])));
        at += length;
        found = true;
        continue;
      }
      at += length;
    } else throw new Error(`unexpected wire type ${wire}`);
    parts.push(model.subarray(start, at));
  }
  if (!found) throw new Error('no graph in the model');
  return Buffer.concat(parts);
}

// ------------------------------------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), 'wattlayer-npm-'));
const servers = [];
let browser = null;
const t0 = performance.now();
try {
  // Build, pack, install
  const out = join(scratch, 'out');
  const built = await run(process.execPath, [join(root, 'web/npm/build.mjs'), '--out', out]);
  console.log(built.trimEnd().replace(/^/gm, '  | '));
  const tarball = readdirSync(out).find((f) => /^wattlayer-.*\.tgz$/.test(f));
  check(`build.mjs assembled and packed the package (${tarball})`, Boolean(tarball));
  const project = join(scratch, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  const npmEnv = { ...process.env, npm_config_cache: join(scratch, 'npm-cache'), npm_config_update_notifier: 'false' };
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(out, tarball)], { cwd: project, env: npmEnv });
  const installed = join(project, 'node_modules/wattlayer');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
  const version = execFileSync(cli, ['--version']).toString().trim().split(' ').pop();
  check(`npm install --offline of the tarball: wattlayer ${manifest.version} (the CLI's ${version}), no dependencies, nothing else installed`,
    manifest.version === version && !manifest.dependencies && Object.keys(lock.packages).filter(Boolean).length === 1,
    JSON.stringify(Object.keys(lock.packages)));
  const expectFiles = ['README.md', 'index.d.ts', 'index.js', 'package.json', 'src/worker.js', 'src/engine.js', 'src/client.js', 'src/widget.js', 'wasm/wattlayer.js', 'wasm/wattlayer.wasm', 'widget.d.ts', 'widget.js'];
  const missing = expectFiles.filter((f) => !existsSync(join(installed, f)));
  check('the installed package has the API, its declarations, the widget, its worker and the module', missing.length === 0, missing.join(', '));
  const sameAsPage = ['worker.js', 'engine.js', 'client.js', 'widget.js'].every((f) => readFileSync(join(installed, 'src', f)).equals(readFileSync(join(root, 'web/src', f))));
  check("the package's src/ files are the page's (web/src), unchanged", sameAsPage);

  // Models: served by ranges, by a server that ignores them, and a large ONNX with inline weights.
  const models = join(scratch, 'models');
  mkdirSync(models);
  for (const f of [RESNET, TINY, DECODER]) writeFileSync(join(models, basename(f)), readFileSync(f));
  const BIG = join(models, 'resnet50_inline.onnx');
  writeFileSync(BIG, withInlineWeights(readFileSync(RESNET), 24 << 20));
  const bigSize = statSync(BIG).size;
  const TRUNCATED = join(models, 'truncated.onnx');
  writeFileSync(TRUNCATED, readFileSync(RESNET).subarray(0, 1000));
  const site = await serve(models);
  const noRanges = await serve(models, { ranges: false });
  servers.push(site, noRanges);

  // ----------------------------------------------------------------------------------------------
  // (a) Node.js: `import ... from 'wattlayer'` in the scratch project
  const listenersBefore = ['uncaughtException', 'unhandledRejection'].map((e) => process.listenerCount(e));
  writeFileSync(join(project, 'consumer.mjs'), "export * from 'wattlayer';\n");
  const wattlayer = await import(pathToFileURL(join(project, 'consumer.mjs')).href);
  const { estimate, inspect, generate, diff: compare, hardware, WattLayerError } = wattlayer;
  const tNode = performance.now();

  await step('Node: hardware()', async () => {
    const got = await hardware();
    const diff = sameReport(got, cliJson('hardware'));
    check(`Node: hardware() lists the CLI's ${got.length} profiles, as \`hardware --format json\``, !diff, diff);
    check(`Node: version() is ${version}`, (await wattlayer.version()) === version);
  });

  for (const file of [RESNET, TINY]) {
    const name = basename(file);
    const want = cliJson('estimate', file);
    const bytes = readFileSync(file);
    const sources = [
      ['a file path', file, {}],
      ['a Buffer', bytes, { file_name: name }],
      ['an ArrayBuffer', bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), { file_name: name }],
      ['a Blob (File)', new File([bytes], name), {}],
      ['a file: URL', pathToFileURL(file), {}],
      ['an http URL (Range requests)', `${site.url}/${name}`, {}],
      ['a URL object, server without Range', new URL(`${noRanges.url}/${name}`), {}],
    ];
    for (const [what, source, options] of sources) {
      await step(`Node: estimate ${name} from ${what}`, async () => {
        const got = await estimate(source, options);
        const diff = sameReport(got, want);
        check(`Node: estimate(${what}) of ${name} is the CLI's report (${summary(want)})`, !diff, diff);
      });
    }
    await step(`Node: inspect and options on ${name}`, async () => {
      let diff = sameReport(await inspect(file), cliJson('inspect', file));
      check(`Node: inspect(${name}) is the CLI's report`, !diff, diff);
      const want8 = cliJson('estimate', file, '--batch', '8', '--hardware', 'h200');
      diff = sameReport(await estimate(bytes, { file_name: name, batch: 8, hardware: 'h200' }), want8);
      check(`Node: estimate(${name}, {batch: 8, hardware: 'h200'}) is the CLI's (${summary(want8)})`, !diff, diff);
    });
  }

  await step('Node: a large ONNX URL is read by ranges, its graph only', async () => {
    const want = cliJson('estimate', BIG, '--hardware', 'l4');
    const before = site.served.length;
    const got = await estimate(`${site.url}/${basename(BIG)}`, { hardware: 'l4' });
    const asked = site.served.slice(before);
    const sent = asked.reduce((n, r) => n + r.bytes, 0);
    const diff = sameReport(got, want);
    check(`Node: estimate(URL of a ${bigSize}-byte ONNX with inline weights) is the CLI's (${summary(want)})`, !diff, diff);
    check(`Node: ... by ${asked.length} Range requests, ${sent} bytes sent (< 10% of the file), each answered 206`,
      asked.length >= 1 && sent < 0.1 * bigSize && asked.every((r) => /^bytes=\d+-\d+$/.test(r.range ?? '') && r.status === 206),
      JSON.stringify(asked.map(({ range, status, bytes }) => ({ range, status, bytes }))));
    const fromPath = await estimate(BIG, { hardware: 'l4' });
    check('Node: the same file from its path (streamed: payloads skipped) gives the same report', !sameReport(fromPath, want));
  });

  await step('Node: diff()', async () => {
    const want = cliJson('diff', TINY, RESNET);
    const got = await compare(TINY, `${site.url}/${basename(RESNET)}`);
    const diff = sameReport(got, want);
    check(`Node: diff(tiny path, resnet50 URL) is the CLI's \`diff --format json\` (energy ${want.total.energy_j.before} J -> ${want.total.energy_j.after} J)`, !diff, diff);
    const markdown = await compare(TINY, RESNET, { markdown: true });
    check('Node: diff(..., {markdown: true}) is the CLI\'s Markdown', markdown === execFileSync(cli, ['diff', TINY, RESNET]).toString(), markdown.slice(0, 120));
  });

  await step('Node: generate()', async () => {
    const want = cliJson('estimate', DECODER, '--prompt', '7', '--generate', '3');
    const got = await generate(DECODER, { prompt: 7, generate: 3 });
    const diff = sameReport(got, want);
    check(`Node: generate(decoder, {prompt: 7, generate: 3}) is the CLI's --prompt 7 --generate 3 (${want.generation.energy_j} J the answer)`, !diff, diff);
    const viaOption = await estimate(`${site.url}/${basename(DECODER)}`, { generation: { prompt: 7, generate: 3 } });
    check('Node: estimate(URL, {generation}) gives the same report', !sameReport(viaOption, want));
  });

  const rejection = async (promise) => {
    try {
      await promise; // each call is made here, so that none rejects unobserved
      return null;
    } catch (e) {
      return e;
    }
  };
  await step('Node: errors', async () => {
    const cases = [
      ['a truncated ONNX file (bytes)', () => estimate(readFileSync(TRUNCATED), { file_name: 'truncated.onnx' }), cliJson('estimate', TRUNCATED).error.code],
      ['a truncated ONNX URL', () => estimate(`${site.url}/truncated.onnx`), cliJson('estimate', TRUNCATED).error.code],
      ['an unknown GPU', () => estimate(TINY, { hardware: 'nope' }), cliJson('estimate', TINY, '--hardware', 'nope').error.code],
      ['a missing file', () => estimate(join(models, 'missing.onnx')), cliJson('estimate', join(models, 'missing.onnx')).error.code],
      ['a folder', () => inspect(models), cliJson('inspect', models).error.code],
      ['an HTTP 404', () => estimate(`${site.url}/missing.onnx`), 'io_error'],
      ['a number as the source', () => estimate(42), 'bad_argument'],
    ];
    for (const [what, call, code] of cases) {
      const e = await rejection(call());
      check(`Node: ${what} rejects with a WattLayerError, code ${code}`,
        e instanceof Error && e instanceof WattLayerError && e.code === code && e.message.length > 0, e ? `${e.constructor.name} ${e.code}: ${e.message}` : 'resolved');
    }
    const aborted = await rejection(estimate(`${site.url}/tiny_cnn.json`, { fetchOptions: { signal: AbortSignal.abort() } }));
    check("Node: fetchOptions.signal aborted rejects with the caller's AbortError", aborted?.name === 'AbortError', String(aborted));
  });

  const listenersAfter = ['uncaughtException', 'unhandledRejection'].map((e) => process.listenerCount(e));
  check("Node: loading the module leaves no process handlers or globals behind (Emscripten's are removed)",
    JSON.stringify(listenersAfter) === JSON.stringify(listenersBefore) && !('__dirname' in globalThis) && !('require' in globalThis),
    `${listenersBefore} -> ${listenersAfter}`);
  console.log(`Node checks: ${Math.round(performance.now() - tNode)} ms`);

  // ----------------------------------------------------------------------------------------------
  // (b) Chromium: the package served as a CDN on one origin, a page on another
  const tBrowser = performance.now();
  const { chromium } = createRequire(join(root, 'tests/browser/package.json'))('playwright-core');
  const cdnRoot = join(scratch, 'cdn');
  mkdirSync(cdnRoot);
  execFileSync('ln', ['-s', join(project, 'node_modules'), join(cdnRoot, 'node_modules')]);
  execFileSync('ln', ['-s', models, join(cdnRoot, 'models')]);
  const cdn = await serve(cdnRoot, { cors: true });
  const pageRoot = join(scratch, 'page');
  mkdirSync(pageRoot);
  execFileSync('ln', ['-s', models, join(pageRoot, 'models')]);
  execFileSync('ln', ['-s', join(project, 'node_modules'), join(pageRoot, 'node_modules')]); // the self-hosted page
  const page = await serve(pageRoot);
  servers.push(cdn, page);
  const PKG = `${cdn.url}/node_modules/wattlayer`;
  writeFileSync(join(pageRoot, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>wattlayer from a CDN</title>
<script type="importmap">{"imports": {"wattlayer": "${PKG}/index.js"}}</script>
<script type="module" src="${PKG}/widget.js"></script>
</head><body>
<wattlayer-estimate id="resnet" src="models/tv_resnet50_b1.onnx" hardware="h100" batch="1"></wattlayer-estimate>
<wattlayer-estimate id="tiny" src="models/tiny_cnn.json" hardware="h200" batch="8"></wattlayer-estimate>
<wattlayer-estimate id="big" src="models/${basename(BIG)}"></wattlayer-estimate>
<wattlayer-estimate id="cross" src="${cdn.url}/models/tv_resnet50_b1.onnx" hardware="l4"></wattlayer-estimate>
<script type="module">
  import { estimate, hardware, version, WattLayerError } from 'wattlayer';
  window.apiResult = (async () => {
    const bytes = new Uint8Array(await (await fetch('models/tv_resnet50_b1.onnx')).arrayBuffer());
    const error = await estimate(bytes.subarray(0, 1000), { file_name: 'truncated.onnx' }).catch((e) => e);
    return {
      version: await version(),
      hardware: (await hardware()).length,
      fromUrl: await estimate('models/tiny_cnn.json', { hardware: 'h200', batch: 8 }),
      fromFile: await estimate(new File([bytes], 'tv_resnet50_b1.onnx')),
      error: { isWattLayerError: error instanceof WattLayerError, code: error.code, message: error.message },
    };
  })().catch((e) => ({ failed: String(e && e.stack || e) }));
</script>
</body></html>
`);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const problems = [];
  const workers = [];
  const tab = await context.newPage();
  tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  tab.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  tab.on('worker', (w) => workers.push(w.url()));
  console.log(`Chromium ${browser.version()}; the package on ${cdn.url} (CORS), the page on ${page.url}`);
  await tab.goto(`${page.url}/index.html`);

  const widgets = [
    ['resnet', 'ResNet-50 from the page\'s origin, h100, batch 1', cliJson('estimate', RESNET, '--hardware', 'h100', '--batch', '1')],
    ['tiny', 'Tiny CNN (JSON), h200, batch 8', cliJson('estimate', TINY, '--hardware', 'h200', '--batch', '8')],
    ['big', `a ${bigSize}-byte ONNX with inline weights`, cliJson('estimate', BIG, '--hardware', 'h100')],
    ['cross', 'ResNet-50 from the CDN\'s origin (CORS), l4', cliJson('estimate', RESNET, '--hardware', 'l4')],
  ];
  for (const [id, what, want] of widgets) {
    await step(`widget ${id}`, async () => {
      const shown = await tab.waitForFunction((i) => {
        const root = document.getElementById(i).shadowRoot;
        if (!root) return null; // not defined (yet): widget.js did not load
        const total = root.querySelector('[data-testid="total-energy"]');
        if (total) return { joules: total.getAttribute('data-joules') };
        const error = root.querySelector('.error');
        return error ? { error: error.textContent } : null;
      }, id, WAIT).then((h) => h.jsonValue());
      check(`widget from the CDN: ${what} shows the CLI's ${want.total.energy_j} J`, shown.joules === String(want.total.energy_j), JSON.stringify(shown));
    });
  }
  const bigAsked = page.served.filter((r) => r.url === `/models/${basename(BIG)}`);
  const bigSent = bigAsked.reduce((n, r) => n + r.bytes, 0);
  check(`widget from the CDN: the large ONNX by ${bigAsked.length} Range requests, ${bigSent} bytes sent (< 10%)`,
    bigAsked.length >= 1 && bigSent < 0.1 * bigSize && bigAsked.every((r) => r.status === 206), JSON.stringify(bigAsked.map(({ range, status, bytes }) => ({ range, status, bytes }))));
  const crossAsked = cdn.served.filter((r) => r.url === '/models/tv_resnet50_b1.onnx' && r.method === 'GET');
  check('widget from the CDN: a cross-origin model is read by a Range request too (Content-Range exposed)',
    crossAsked.length >= 1 && crossAsked.every((r) => r.status === 206), JSON.stringify(crossAsked.map(({ range, status }) => ({ range, status }))));
  check(`the widget's worker runs (${workers.join(', ')})`, workers.length >= 1);
  const wasmFetch = cdn.served.find((r) => r.url.endsWith('/wasm/wattlayer.wasm'));
  check(`the worker fetched the .wasm from the CDN, cross-origin (Origin: ${wasmFetch?.origin})`, wasmFetch?.status === 200 && wasmFetch.origin === page.url);

  await step('the API in the page (import map to the CDN)', async () => {
    await tab.waitForFunction(() => 'apiResult' in window, null, WAIT);
    const api = await tab.evaluate(() => window.apiResult); // the promise, awaited
    if (api.failed) throw new Error(api.failed);
    check(`browser API: version() ${api.version}, hardware() ${api.hardware} profiles`, api.version === version && api.hardware === cliJson('hardware').length);
    const wantTiny = cliJson('estimate', TINY, '--hardware', 'h200', '--batch', '8');
    let diff = sameReport(api.fromUrl, wantTiny);
    check(`browser API: estimate('models/tiny_cnn.json', {hardware: 'h200', batch: 8}) (a relative URL) is the CLI's report (${summary(wantTiny)})`, !diff, diff);
    const wantResnet = cliJson('estimate', RESNET);
    diff = sameReport(api.fromFile, wantResnet);
    check(`browser API: estimate(File) of ResNet-50 is the CLI's report (${summary(wantResnet)})`, !diff, diff);
    const wantCode = cliJson('estimate', TRUNCATED).error.code;
    check(`browser API: a truncated file rejects with a WattLayerError, code ${wantCode}`, api.error.isWattLayerError && api.error.code === wantCode, JSON.stringify(api.error));
  });

  // Pages with a Content-Security-Policy, as README.md states them: the package from the CDN (its
  // worker is then a blob: worker under the page's policy, and Emscripten 3.1.6's embind compiles
  // functions: 'unsafe-eval'), and the package hosted on the page's own origin (the worker is
  // created from its URL and runs under its own response's policy: nothing more than 'self').
  const tinyWant = cliJson('estimate', TINY);
  const policies = {
    'csp-cdn': `default-src 'self'; script-src 'self' ${cdn.url} 'unsafe-eval'; worker-src blob: ${cdn.url}; connect-src 'self' ${cdn.url}; style-src 'self'; img-src data:`,
    'csp-self': "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src data:",
  };
  writeFileSync(join(pageRoot, 'api-probe.js'), `import { estimate } from '${PKG}/index.js';
window.cspApi = estimate('models/tiny_cnn.json').then((r) => r.total.energy_j, (e) => \`\${e.code}: \${e.message}\`);
`);
  for (const [name, policy] of Object.entries(policies)) {
    const widgetUrl = name === 'csp-cdn' ? `${PKG}/widget.js` : '/node_modules/wattlayer/widget.js';
    writeFileSync(join(pageRoot, `${name}.html`), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<link rel="icon" href="data:,"><title>${name}</title>
<script type="module" src="${widgetUrl}"></script>
${name === 'csp-cdn' ? '<script type="module" src="api-probe.js"></script>' : ''}
</head><body><wattlayer-estimate id="tiny" src="models/tiny_cnn.json"></wattlayer-estimate></body></html>
`);
    await step(`CSP page ${name}`, async () => {
      const p = await context.newPage();
      const violations = [];
      p.on('console', (m) => { if (m.type() === 'error') violations.push(m.text()); });
      p.on('pageerror', (e) => violations.push(e.message));
      await p.goto(`${page.url}/${name}.html`);
      const shown = await p.waitForFunction(() => {
        const root = document.getElementById('tiny').shadowRoot;
        const total = root?.querySelector('[data-testid="total-energy"]');
        if (total) return { joules: total.getAttribute('data-joules') };
        const error = root?.querySelector('.error');
        return error ? { error: error.textContent } : null;
      }, null, WAIT).then((h) => h.jsonValue());
      check(`widget under the page CSP "${policy}" (${name === 'csp-cdn' ? 'from the CDN' : 'self-hosted'}) shows the CLI's ${tinyWant.total.energy_j} J`,
        shown.joules === String(tinyWant.total.energy_j) && violations.length === 0, `${JSON.stringify(shown)} ${violations.join(' | ')}`);
      if (name === 'csp-cdn') {
        await p.waitForFunction(() => 'cspApi' in window, null, WAIT);
        const energy = await p.evaluate(() => window.cspApi);
        check('browser API from the CDN under that CSP gives the CLI\'s total', energy === tinyWant.total.energy_j, String(energy));
      }
      await p.close();
    });
  }

  const origins = new Set(requests.map((u) => new URL(u).origin));
  const foreign = [...origins].filter((o) => o !== cdn.url && o !== page.url && o !== 'null');
  check(`requests went only to the page's and the CDN's origins (${requests.length} requests)`, foreign.length === 0, foreign.join(', '));
  check('no page errors or console errors', problems.length === 0, problems.join(' | '));
  console.log(`browser checks: ${Math.round(performance.now() - tBrowser)} ms`);
} catch (e) {
  check('the test ran to the end', false, e.stack ?? String(e));
} finally {
  await browser?.close();
  for (const s of servers) await s.close();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${passes} passed, ${failures} failed (${Math.round(performance.now() - t0)} ms)`);
process.exit(failures ? 1 : 0);
