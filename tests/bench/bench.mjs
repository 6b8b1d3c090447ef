// One benchmark run, four readers of the same ONNX files, as ratios:
//   native      build/native/wattlayer bench (read, infer every shape, count every layer)
//   wasm        the same core call as WebAssembly under Node.js (wasm_times.mjs)
//   onnx        the Python onnx package: onnx.load (no external data) + shape inference
//   protobufjs  protobufjs 6 with the ONNX schema from npm (onnx-proto): read + decode only
// Each figure is the median of R runs in milliseconds, file read included.
//
// usage: node tests/bench/bench.mjs [--repeat R] [--large-repeat R] DEV_DIR [LARGE_DIR]
//   (tests/bench/run.sh installs the peers, makes the large files and calls this)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [, value] = args.splice(at, 2);
  return Number(value);
};
const repeat = option('--repeat', 5);
const largeRepeat = option('--large-repeat', 3);
const [devDir, largeDir] = args.map((d) => resolve(d));
if (!devDir) {
  console.error('usage: node tests/bench/bench.mjs [--repeat R] [--large-repeat R] DEV_DIR [LARGE_DIR]');
  process.exit(1);
}
const cli = join(root, 'build/native/wattlayer');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const onnxFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.onnx')).sort().map((f) => join(dir, f));

function timeMs(runs, work) {
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

// ---- native: the CLI's own bench command, one folder at a time
function native(dir, runs) {
  const rows = JSON.parse(execFileSync(cli, ['bench', dir, '--repeat', String(runs), '--format', 'json'], { maxBuffer: 1 << 26 }).toString());
  return Object.fromEntries(rows.map((r) => [join(dir, r.file), r.error ? null : r.ms]));
}

// ---- wasm: in its own Node.js process (wasm_times.mjs), twice: with V8's optimizing compiler from
// the start (--no-liftoff: the steady state of a page in use), and as V8 first runs a module
// (its baseline compiler, tiering up hot functions later).
function wasmTimes(files, runs, optimized) {
  const flags = optimized ? ['--no-liftoff'] : [];
  const out = execFileSync(process.execPath, [...flags, join(root, 'tests/bench/wasm_times.mjs'), String(runs), ...files], { maxBuffer: 1 << 26 });
  return JSON.parse(out.toString());
}

// ---- protobufjs: read the whole file, decode every message (weights become byte views)
const { onnx } = require('onnx-proto');
const protobufjsVersion = require('protobufjs/package.json').version;
const protobufjsTimes = (files, runs) => Object.fromEntries(files.map((f) => [f, timeMs(runs, () => onnx.ModelProto.decode(readFileSync(f)))]));

// ---- the Python onnx package, in its own process
function pythonTimes(files, runs) {
  const out = execFileSync('/usr/bin/python3', [join(root, 'tests/bench/onnx_peer.py'), '--repeat', String(runs), ...files], { maxBuffer: 1 << 26 });
  return JSON.parse(out.toString());
}

// ---- the run
function measure(files, dir, runs) {
  const n = native(dir, runs);
  const w = wasmTimes(files, runs, true);
  const wb = wasmTimes(files, runs, false);
  const p = protobufjsTimes(files, runs);
  const py = pythonTimes(files, runs);
  return { onnxVersion: py.onnx_version, rows: files.map((f) => ({ file: f, bytes: statSync(f).size, native: n[f], wasm: w[f], wasm_baseline: wb[f], onnx: py.ms[f], protobufjs: p[f] })) };
}

const fmt = (ms) => (ms == null ? '     -' : ms < 10 ? ms.toFixed(3) : ms.toFixed(1)).padStart(9);
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
const fmtRatio = (r) => (r == null ? '     -' : `${r.toFixed(1)}x`).padStart(8);

function printTable(title, rows) {
  console.log(`\n${title}`);
  console.log(`${'file'.padEnd(44)} ${'MB'.padStart(7)} ${'native'.padStart(9)} ${'wasm'.padStart(9)} ${'onnx'.padStart(9)} ${'pbjs'.padStart(9)} | ${'wasm/nat'.padStart(8)} ${'onnx/nat'.padStart(8)} ${'pbjs/nat'.padStart(8)} ${'onnx/wasm'.padStart(9)} ${'pbjs/wasm'.padStart(9)}`);
  for (const r of rows) {
    const name = r.file.split('/').pop().slice(0, 44).padEnd(44);
    console.log(`${name} ${(r.bytes / 1e6).toFixed(1).padStart(7)} ${fmt(r.native)} ${fmt(r.wasm)} ${fmt(r.onnx)} ${fmt(r.protobufjs)} | ${fmtRatio(ratio(r.wasm, r.native))} ${fmtRatio(ratio(r.onnx, r.native))} ${fmtRatio(ratio(r.protobufjs, r.native))} ${fmtRatio(ratio(r.onnx, r.wasm)).padStart(9)} ${fmtRatio(ratio(r.protobufjs, r.wasm)).padStart(9)}`);
  }
}

function summary(label, rows) {
  const med = (pick) => {
    const xs = rows.map(pick).filter((x) => x != null);
    return xs.length ? median(xs) : null;
  };
  const s = {
    files: rows.length,
    median_ms: { native: med((r) => r.native), wasm: med((r) => r.wasm), onnx: med((r) => r.onnx), protobufjs: med((r) => r.protobufjs) },
    median_ratio: {
      wasm_over_native: med((r) => ratio(r.wasm, r.native)),
      wasm_baseline_over_native: med((r) => ratio(r.wasm_baseline, r.native)),
      onnx_over_native: med((r) => ratio(r.onnx, r.native)),
      protobufjs_over_native: med((r) => ratio(r.protobufjs, r.native)),
      onnx_over_wasm: med((r) => ratio(r.onnx, r.wasm)),
      protobufjs_over_wasm: med((r) => ratio(r.protobufjs, r.wasm)),
    },
  };
  const r = s.median_ratio;
  console.log(`${label}: ${s.files} files; median ratios: wasm/native ${r.wasm_over_native?.toFixed(2)}x ` +
    `(${r.wasm_baseline_over_native?.toFixed(2)}x with V8's baseline compiler), onnx/native ${r.onnx_over_native?.toFixed(1)}x, ` +
    `protobufjs/native ${r.protobufjs_over_native?.toFixed(1)}x, onnx/wasm ${r.onnx_over_wasm?.toFixed(1)}x, protobufjs/wasm ${r.protobufjs_over_wasm?.toFixed(1)}x`);
  return s;
}

const dev = measure(onnxFiles(devDir), devDir, repeat);
printTable(`development files (${devDir}), median of ${repeat} runs, ms`, dev.rows);
const large = largeDir ? measure(onnxFiles(largeDir), largeDir, largeRepeat) : null;
if (large) printTable(`large files with inline weights (${largeDir}), median of ${largeRepeat} runs, ms`, large.rows);

console.log(`\nnode ${process.versions.node}, onnx ${dev.onnxVersion}, protobufjs ${protobufjsVersion}`);
const result = { dev: summary('development files', dev.rows), ...(large ? { large: summary('large files', large.rows) } : {}), rows: [...dev.rows, ...(large?.rows ?? [])] };
mkdirSync(join(root, 'build/bench'), { recursive: true });
writeFileSync(join(root, 'build/bench/results.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('results: build/bench/results.json');
