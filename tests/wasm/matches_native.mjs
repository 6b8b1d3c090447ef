// Under Node.js: the WebAssembly module's JSON must equal the native CLI's byte for byte, on every
// fixture, at batch 1 and 8, on every compiled-in profile, for inspect and estimate, and for a
// corrupt file and every fuzzing regression input (an error report, never an abort). ONNX files are also streamed through the
// module's scanner in 4 KiB slices, as the page reads big files, and must give the same reports.
//
// usage: node tests/wasm/matches_native.mjs CLI   (CLI: the native build/native/wattlayer)
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = process.argv[2] ?? join(root, 'build/native/wattlayer');
// Emscripten 3.1.6's ES module still reaches for CommonJS globals under Node, and fetches its .wasm
// by URL, which Node cannot do for a file: give it both, and the bytes.
globalThis.require = createRequire(import.meta.url);
globalThis.__dirname = join(root, 'web/wasm');
const { default: createWattLayer } = await import('../../web/wasm/wattlayer.js');
const wasm = await createWattLayer({ wasmBinary: readFileSync(join(root, 'web/wasm/wattlayer.wasm')) });

function callWasm(fn, bytes, options) {
  const address = wasm._malloc(Math.max(bytes.length, 1));
  wasm.HEAPU8.set(bytes, address);
  try {
    return wasm[fn](address, bytes.length, JSON.stringify(options)) + '\n';
  } finally {
    wasm._free(address);
  }
}

// The page's streaming path (web/src/engine.js): slices fed at nextOffset(), then the compact graph.
function callWasmStreamed(fn, bytes, options, sliceBytes = 4096) {
  const scan = new wasm.GraphScan(bytes.length);
  const buffer = wasm._malloc(sliceBytes);
  try {
    while (!scan.done()) {
      const at = scan.nextOffset();
      const slice = bytes.subarray(at, Math.min(bytes.length, at + sliceBytes));
      wasm.HEAPU8.set(slice, buffer);
      const fed = scan.feed(buffer, slice.length);
      // the CLI's error report, laid out as the core lays out JSON
      if (!fed.ok) return `${JSON.stringify({ error: { code: fed.code, message: fed.message } }, null, 2)}\n`;
    }
    return wasm[fn](scan.graphAddress(), scan.graphSize(), JSON.stringify(options)) + '\n';
  } finally {
    wasm._free(buffer);
    scan.delete();
  }
}

function callNative(args) {
  try {
    return execFileSync(cli, args, { maxBuffer: 1 << 28 }).toString();
  } catch (e) {
    return e.stdout.toString();  // exit code 2: the error report is on stdout
  }
}

const files = [
  ...readdirSync(join(root, 'tests/fixtures/onnx')).map((f) => join(root, 'tests/fixtures/onnx', f)),
  ...readdirSync(join(root, 'models/samples')).map((f) => join(root, 'models/samples', f)),
];
const hardware = JSON.parse(wasm.hardware()).map((p) => p.id);
let failures = 0;
let checks = 0;
function check(label, fromWasm, fromNative) {
  checks += 1;
  if (fromWasm === fromNative) return;
  failures += 1;
  let at = 0;
  while (fromWasm[at] === fromNative[at]) at += 1;
  console.log(`DIFFERENT ${label} at byte ${at}: wasm ...${fromWasm.slice(at, at + 60)}... native ...${fromNative.slice(at, at + 60)}...`);
}

for (const path of files) {
  const bytes = readFileSync(path);
  const file_name = basename(path);
  for (const batch of [1, 8]) {
    check(`inspect ${file_name} b${batch}`, callWasm('inspect', bytes, { file_name, batch }),
      callNative(['inspect', path, '--batch', String(batch), '--format', 'json']));
    if (path.endsWith('.onnx')) {
      check(`streamed estimate ${file_name} b${batch}`, callWasmStreamed('estimate', bytes, { file_name, batch }),
        callNative(['estimate', path, '--batch', String(batch), '--format', 'json']));
    }
    for (const id of hardware) {
      check(`estimate ${file_name} b${batch} ${id}`, callWasm('estimate', bytes, { file_name, batch, hardware: id }),
        callNative(['estimate', path, '--batch', String(batch), '--hardware', id, '--format', 'json']));
    }
  }
}
const corrupt = readFileSync(files[0]).subarray(0, 1000);
const corruptReport = callWasm('estimate', corrupt, { file_name: 'corrupt.onnx' });
if (!JSON.parse(corruptReport).error) {
  failures += 1;
  console.log('a truncated file did not give an error report');
}
const streamedCorrupt = callWasmStreamed('estimate', corrupt, { file_name: 'corrupt.onnx' });
if (JSON.parse(streamedCorrupt).error?.code !== 'truncated') {
  failures += 1;
  console.log(`a truncated file streamed did not give a "truncated" error: ${streamedCorrupt.slice(0, 200)}`);
}
check('hardware', wasm.hardware() + '\n', callNative(['hardware', '--format', 'json']));

// Two models compared (wattlayer diff): the same JSON and Markdown from the module's diff.
function callWasmDiff(before, after, options) {
  const a = wasm._malloc(Math.max(before.length, 1));
  const b = wasm._malloc(Math.max(after.length, 1));
  wasm.HEAPU8.set(before, a);
  wasm.HEAPU8.set(after, b);
  try {
    return wasm.diff(a, before.length, b, after.length, JSON.stringify(options)) + (options.format === 'markdown' ? '' : '\n');
  } finally {
    wasm._free(a);
    wasm._free(b);
  }
}
const pairs = [['tests/fixtures/onnx/tv_mobilenet_v3_small_b1.onnx', 'tests/fixtures/onnx/tv_resnet50_b1.onnx'], ['models/samples/tiny_cnn.json', 'models/samples/tiny_cnn.json']];
for (const [beforePath, afterPath] of pairs) {
  const [before, after] = [beforePath, afterPath].map((p) => readFileSync(join(root, p)));
  for (const format of ['json', 'markdown']) {
    for (const batch of [1, 8]) {
      const options = { file_name: basename(afterPath), before_name: basename(beforePath), batch, format };
      check(`diff ${basename(beforePath)} ${basename(afterPath)} b${batch} ${format}`, callWasmDiff(before, after, options),
        callNative(['diff', join(root, beforePath), join(root, afterPath), '--batch', String(batch), '--format', format]));
    }
  }
}

// Generation (estimate --prompt --generate) on the test decoders: every form, with and without a cache.
const decoders = readdirSync(join(root, 'tests/fixtures/generation')).filter((f) => f.endsWith('.onnx'));
for (const file_name of decoders) {
  const path = join(root, 'tests/fixtures/generation', file_name);
  const bytes = readFileSync(path);
  for (const [prompt, generate] of [[128, 128], [7, 3]]) {
    check(`generation ${file_name} P${prompt} N${generate}`, callWasm('estimate', bytes, { file_name, generation: { prompt, generate } }),
      callNative(['estimate', path, '--prompt', String(prompt), '--generate', String(generate), '--format', 'json']));
  }
}

// Every input fuzzing or a hostile-file report ever broke the core with: the module answers each as
// the CLI does (the same report, or the same error report), never aborting.
const regressions = readdirSync(join(root, 'tests/fuzz/regressions')).map((f) => join(root, 'tests/fuzz/regressions', f));
for (const path of regressions) {
  const bytes = readFileSync(path);
  const file_name = basename(path);
  for (const command of ['inspect', 'estimate'])
    check(`${command} regression ${file_name}`, callWasm(command, bytes, { file_name }), callNative([command, path, '--format', 'json']));
}
console.log(`${checks - failures} of ${checks} reports identical (wasm ${wasm.version()}, ${hardware.length} profiles, ${files.length} files)`);
process.exit(failures ? 1 : 0);
