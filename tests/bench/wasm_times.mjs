// Times WattLayer's WebAssembly build under Node.js on ONNX files: the core call that
// `wattlayer bench` times natively (benchInspect: read, infer every shape, count; no JSON), the
// file read as the CLI reads it (whole up to 4 MiB, larger files streamed through the scanner in
// slices, as the page does). Prints {"FILE": median_ms | null, ...}. Used by bench.mjs.
//
// usage: node [--no-liftoff] tests/bench/wasm_times.mjs RUNS FILE...
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const [runs, ...files] = process.argv.slice(2);

// Emscripten 3.1.6's ES module wants CommonJS globals and its bytes under Node.
globalThis.require = createRequire(import.meta.url);
globalThis.__dirname = join(root, 'web/wasm');
const { default: createWattLayer } = await import('../../web/wasm/wattlayer.js');
const wasm = await createWattLayer({ wasmBinary: readFileSync(join(root, 'web/wasm/wattlayer.wasm')) });

const READ_WHOLE_BELOW = 4 << 20; // as core/cli/model_file.cpp
const MAX_SLICE = 32 << 20; // OnnxGraphScanner::kMaxReadBytes

function readWhole(fd, size) {
  const address = wasm._malloc(size);
  try {
    readSync(fd, wasm.HEAPU8, address, size, 0);
    return wasm.benchInspect(address, size);
  } finally {
    wasm._free(address);
  }
}

function readStreamed(fd, size) {
  const scan = new wasm.GraphScan(size);
  const buffer = wasm._malloc(MAX_SLICE);
  try {
    while (!scan.done()) {
      const at = scan.nextOffset();
      const got = readSync(fd, wasm.HEAPU8, buffer, Math.min(scan.nextReadSize(), size - at), at); // HEAPU8: memory may have grown
      if (!scan.feed(buffer, got).ok) return -1;
    }
    return wasm.benchInspect(scan.graphAddress(), scan.graphSize());
  } finally {
    wasm._free(buffer);
    scan.delete();
  }
}

// The layer count, -1 when the file cannot be read. Opened, then sized, as the CLI does (open,
// fstat, read, close): a stat by path first would look the path up twice.
function inspectFile(path) {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    return size <= READ_WHOLE_BELOW ? readWhole(fd, size) : readStreamed(fd, size);
  } finally {
    closeSync(fd);
  }
}

const out = {};
for (const file of files) {
  if (inspectFile(file) < 0) {
    out[file] = null;
    continue;
  }
  const samples = [];
  for (let i = 0; i < Number(runs); i += 1) {
    const start = performance.now();
    inspectFile(file);
    samples.push(performance.now() - start);
  }
  out[file] = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}
console.log(JSON.stringify(out));
