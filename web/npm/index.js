// The `wattlayer` package's API: the WattLayer core (WebAssembly) estimating a model's inference
// energy, the same file for Node.js and browsers. Everything runs in this process or tab; nothing
// is uploaded anywhere.
//
//   import { estimate, inspect, generate, hardware, version } from 'wattlayer';
//   const report = await estimate('model.onnx', { hardware: 'h100', batch: 8 });
//   report.total.energy_j
//
// `source`: bytes (Uint8Array, any ArrayBufferView, ArrayBuffer), a Blob or File, a URL (a URL
// object, or a string with a scheme: http(s), blob:, data:; in browsers also a relative URL), or
// under Node a file path (or a file: URL). The options are those of the module's estimate
// (wasm/bindings.cpp in the WattLayer repository): {file_name, batch, dims, sizes, keep_symbols,
// hardware, precision, profile, generation: {prompt, generate}}, plus `fetchOptions` (extra fetch()
// settings for URLs, e.g. headers). Results are the core's report objects (the repository's
// core/docs/features.md, "Report JSON contract"); an error report is thrown as a WattLayerError
// whose `code` is the report's error code.
//
// An ONNX file is streamed through the core's graph scanner: only the graph's bytes are read and
// tensor payloads are skipped by offset, from a file path, a Blob or, by HTTP Range requests, a URL
// (as web/src/engine.js reads them for the page), so a 2 GB model costs what its graph costs.
//
// In browsers this runs on the calling thread (an estimate takes milliseconds once the module is
// loaded); `wattlayer/client.js` is the page's Web Worker client for work that must never block.
import createWattLayer from './wasm/wattlayer.js';

const WASM_URL = new URL('./wasm/wattlayer.wasm', import.meta.url);
// As Emscripten tells Node.js apart (wasm/wattlayer.js takes the Node branch on this same test).
const IS_NODE = typeof process === 'object' && typeof process.versions === 'object' && typeof process.versions.node === 'string';

// The first bytes of a file, for format detection (the core decides, as for a whole file).
const PEEK_BYTES = 4096;
// JSON models are read whole; an ONNX file is streamed, so no size limit applies to it.
const MAX_JSON_BYTES = 512 * 1024 * 1024;
// The first Range request for a URL: the scanner's first read, which holds the whole graph of
// most models that keep their weights in another file.
const FIRST_RANGE_BYTES = 64 * 1024;

/** An error report of the core (or a failure to read the model), with the report's `code`. */
export class WattLayerError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'WattLayerError';
    this.code = code;
  }
}

// Node's built-in modules, imported only under Node; the comments keep bundlers from resolving
// them for a browser build.
const nodeImport = (name) => import(/* webpackIgnore: true */ /* @vite-ignore */ name);

// ------------------------------------------------------------------------------------------------
// The module, loaded once

let modulePromise = null;

async function wasmBytes() {
  if (IS_NODE && WASM_URL.protocol === 'file:') {
    const { readFile } = await nodeImport('node:fs/promises');
    try {
      return await readFile(WASM_URL);
    } catch (e) {
      throw new WattLayerError('module_unavailable', `the WebAssembly module could not be read (${e.message})`);
    }
  }
  let response;
  try {
    response = await fetch(WASM_URL);
  } catch (e) {
    throw new WattLayerError('module_unavailable', `the WebAssembly module could not be fetched from ${WASM_URL} (${e.message})`);
  }
  if (!response.ok) throw new WattLayerError('module_unavailable', `the WebAssembly module is missing (HTTP ${response.status} for ${WASM_URL})`);
  return response.arrayBuffer();
}

// Emscripten 3.1.6's module, under Node, reads the global `__dirname` when it starts and adds
// process-wide 'uncaughtException' and 'unhandledRejection' handlers (that rethrow). A library must
// not leave either behind: the global is set only while the module starts, the handlers removed.
function startModule(wasmBinary) {
  const settings = { wasmBinary, print: () => {}, printErr: (text) => console.warn(text) };
  if (!IS_NODE) return createWattLayer(settings);
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = events.map((e) => process.listeners(e));
  const setDirname = !('__dirname' in globalThis);
  if (setDirname) globalThis.__dirname = decodeURIComponent(new URL('./wasm/', import.meta.url).pathname);
  try {
    return createWattLayer(settings); // reads __dirname and adds the handlers synchronously
  } finally {
    if (setDirname) delete globalThis.__dirname;
    events.forEach((e, i) => {
      for (const listener of process.listeners(e)) if (!before[i].includes(listener)) process.removeListener(e, listener);
    });
  }
}

function loadModule() {
  if (!modulePromise) {
    modulePromise = wasmBytes().then(startModule);
    modulePromise.catch(() => { modulePromise = null; }); // a failed load is tried again next call
  }
  return modulePromise;
}

// ------------------------------------------------------------------------------------------------
// Byte sources: {size, name, read(at, end) -> Uint8Array of the bytes [at, end), close?()}

function memorySource(bytes, name = '') {
  return { size: bytes.length, name, read: async (at, end) => bytes.subarray(at, end) };
}

function blobSource(blob) {
  // Blob.slice reads nothing until asked: skipped tensor payloads are never read.
  return { size: blob.size, name: blob.name ?? '', read: async (at, end) => new Uint8Array(await blob.slice(at, end).arrayBuffer()) };
}

async function pathSource(path) {
  const [{ open }, { basename }] = await Promise.all([nodeImport('node:fs/promises'), nodeImport('node:path')]);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if (e.code === 'ENOENT') throw new WattLayerError('file_not_found', `there is no file '${path}'`);
    if (e.code === 'EISDIR') throw new WattLayerError('is_directory', `'${path}' is a folder, not a model file`);
    throw new WattLayerError('io_error', `could not open '${path}' (${e.message})`);
  }
  const stat = await handle.stat();
  if (stat.isDirectory()) {
    await handle.close();
    throw new WattLayerError('is_directory', `'${path}' is a folder, not a model file`);
  }
  return {
    size: stat.size,
    name: basename(path),
    async read(at, end) {
      const bytes = new Uint8Array(end - at);
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, at + done);
        if (bytesRead === 0) throw new WattLayerError('io_error', `'${path}' became shorter while it was being read`);
        done += bytesRead;
      }
      return bytes;
    },
    close: () => handle.close(),
  };
}

// URLs: an ONNX file is scanned through HTTP Range requests, so only its graph is downloaded; a
// server that does not answer ranges gets one plain GET of the whole file.

// Thrown when a server does not answer a Range request with those bytes: the file is then read
// whole. `response`, when set, is a 200 that already carries the whole file (no second fetch).
class NoRanges extends Error {
  constructor(response = null) {
    super('the server does not answer byte ranges');
    this.response = response;
  }
}

async function get(url, init, range = null) {
  const request = { ...init };
  if (range) {
    request.headers = new Headers(init.headers);
    request.headers.set('Range', `bytes=${range[0]}-${range[1] - 1}`);
  }
  let response;
  try {
    response = await fetch(url, request);
  } catch (e) {
    if (e?.name === 'AbortError') throw e; // fetchOptions.signal: the caller's own cancellation
    throw new WattLayerError('io_error', `could not fetch ${url} (${e.cause?.message ?? e.message})`);
  }
  // 416 (the range is past the end: an empty file) is left to the whole read, which says what it is
  if (!response.ok && !(range && response.status === 416)) throw new WattLayerError('io_error', `could not fetch ${url}: HTTP ${response.status}`);
  return response;
}

// "bytes FIRST-LAST/TOTAL" as numbers; null for anything else (or no header: a cross-origin
// server that does not expose it).
function contentRange(header) {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec((header ?? '').trim());
  return m ? { first: Number(m[1]), last: Number(m[2]), total: Number(m[3]) } : null;
}

// The body of the answer to a request for the bytes from `at`, with the file's total size; or
// NoRanges when it is not those bytes.
async function rangeBody(response, at) {
  if (response.status === 200) throw new NoRanges(response);
  const encoding = response.headers.get('content-encoding');
  const range = response.status === 206 && (!encoding || encoding === 'identity')
    ? contentRange(response.headers.get('content-range')) : null;
  if (!range || range.first !== at) {
    response.body?.cancel().catch(() => {}); // not the bytes asked for: stop the download
    throw new NoRanges();
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length !== range.last - range.first + 1) throw new NoRanges();
  return { bytes, total: range.total };
}

async function rangeSource(url, init, name) {
  const { bytes: head, total: size } = await rangeBody(await get(url, init, [0, FIRST_RANGE_BYTES]), 0);
  if (head.length !== Math.min(size, FIRST_RANGE_BYTES)) throw new NoRanges();
  return {
    size,
    name,
    async read(at, end) {
      if (end <= head.length) return head.subarray(at, end);
      const { bytes } = await rangeBody(await get(url, init, [at, end]), at);
      if (bytes.length !== end - at) throw new NoRanges(); // the file changed size meanwhile
      return bytes;
    },
  };
}

function nameOfUrl(url) {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop());
  } catch {
    return '';
  }
}

// Runs `use(source)` on a URL read by ranges, or read whole when the server does not answer them.
async function withUrl(url, init, use) {
  const name = nameOfUrl(url);
  const ranged = /^https?:$/.test(new URL(url).protocol);
  try {
    if (ranged) return await use(await rangeSource(url, init, name));
  } catch (e) {
    if (!(e instanceof NoRanges)) throw e;
    if (e.response) return use(memorySource(new Uint8Array(await e.response.arrayBuffer()), name));
  }
  const response = await get(url, init);
  return use(memorySource(new Uint8Array(await response.arrayBuffer()), name));
}

// What `source` is; runs `use` on it as a byte source.
async function withSource(source, fetchOptions, use) {
  const init = { ...fetchOptions };
  if (source instanceof Uint8Array) return use(memorySource(source));
  if (source instanceof ArrayBuffer) return use(memorySource(new Uint8Array(source)));
  if (ArrayBuffer.isView(source)) return use(memorySource(new Uint8Array(source.buffer, source.byteOffset, source.byteLength)));
  if (typeof Blob !== 'undefined' && source instanceof Blob) return use(blobSource(source));
  let url = null;
  if (source instanceof URL) url = source;
  else if (typeof source === 'string') {
    // In browsers any URL, relative to the page. Under Node the schemes it can read; anything else
    // is a path (C:\models\x.onnx, models/v1:2.onnx).
    if (!IS_NODE) url = new URL(source, globalThis.document?.baseURI ?? globalThis.location?.href);
    else if (/^(https?|file|data|blob):/i.test(source)) url = new URL(source);
    else return withPath(source, use);
  } else {
    throw new WattLayerError('bad_argument', 'the source must be bytes (Uint8Array, ArrayBuffer), a Blob or File, a URL, or under Node.js a file path');
  }
  if (url.protocol === 'file:') {
    if (!IS_NODE) throw new WattLayerError('bad_argument', `a file: URL cannot be read in a browser (${url.href}): pass the File instead`);
    const { fileURLToPath } = await nodeImport('node:url');
    return withPath(fileURLToPath(url), use);
  }
  return withUrl(url.href, init, use);
}

async function withPath(path, use) {
  const source = await pathSource(path);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

// ------------------------------------------------------------------------------------------------
// Model bytes into the module's memory

function allocate(m, size) {
  const ptr = m._malloc(Math.max(size, 1));
  if (!ptr) throw new WattLayerError('out_of_memory', `a ${size}-byte model does not fit in the WebAssembly memory`);
  return ptr;
}

// Calls `call(ptr, size)` on the module's copy of `bytes`, freed afterwards.
function withCopy(m, bytes, call) {
  const ptr = allocate(m, bytes.length);
  try {
    m.HEAPU8.set(bytes, ptr); // HEAPU8 is read each time: memory may have grown
    return call(ptr, bytes.length);
  } finally {
    m._free(ptr);
  }
}

// Streams an ONNX file through the core's scanner (only the graph's bytes are read), then calls
// `call` on the compact graph it kept.
async function withScan(m, source, call) {
  const scan = new m.GraphScan(source.size);
  let buffer = 0;
  let bufferSize = 0;
  try {
    while (!scan.done()) {
      const at = scan.nextOffset();
      const slice = await source.read(at, Math.min(source.size, at + scan.nextReadSize()));
      if (slice.length > bufferSize) {
        if (buffer) m._free(buffer);
        buffer = 0;
        buffer = allocate(m, slice.length); // (0 first: a failed allocation is not freed twice)
        bufferSize = slice.length;
      }
      m.HEAPU8.set(slice, buffer);
      const fed = scan.feed(buffer, slice.length);
      if (!fed.ok) throw new WattLayerError(fed.code, fed.message);
      if (scan.nextOffset() === at && !scan.done()) throw new WattLayerError('internal', 'the scanner made no progress');
    }
    if (buffer) m._free(buffer);
    buffer = 0;
    return call(scan.graphAddress(), scan.graphSize());
  } finally {
    if (buffer) m._free(buffer);
    scan.delete();
  }
}

// `call(ptr, size)` on the source's model in the module's memory (an ONNX file: its compact graph).
async function onModel(m, source, name, call) {
  const head = source.size > 0 ? await source.read(0, Math.min(source.size, PEEK_BYTES)) : new Uint8Array(0);
  const format = head.length ? withCopy(m, head, (ptr, size) => m.detectFormat(ptr, size, name)) : 'unknown';
  if (format === 'onnx') return withScan(m, source, call);
  // Neither ONNX nor JSON: the core names what it is from its first bytes (never read whole).
  if (format === 'unknown' || head.length === source.size) return withCopy(m, head, call);
  if (source.size > MAX_JSON_BYTES) throw new WattLayerError('too_large', `a JSON model over ${MAX_JSON_BYTES >> 20} MiB cannot be read whole`);
  return withCopy(m, await source.read(0, source.size), call);
}

// The module's answer (its JSON text) for `fn` ('estimate' | 'inspect') on the source's model.
function runOn(m, fn, source, options) {
  return onModel(m, source, options.file_name ?? '', (ptr, size) => m[fn](ptr, size, JSON.stringify(options)));
}

function reportOf(text) {
  const report = JSON.parse(text);
  if (report.error) throw new WattLayerError(report.error.code, report.error.message);
  return report;
}

async function run(fn, source, options = {}) {
  const { fetchOptions, ...coreOptions } = options ?? {};
  if (coreOptions.format !== undefined && coreOptions.format !== 'json') {
    throw new WattLayerError('bad_argument', 'options.format: the API returns report objects (JSON)');
  }
  delete coreOptions.format;
  const m = await loadModule();
  return withSource(source, fetchOptions, async (bytes) => {
    const named = coreOptions.file_name == null && bytes.name ? { ...coreOptions, file_name: bytes.name } : coreOptions;
    return reportOf(await runOn(m, fn, bytes, named));
  });
}

// ------------------------------------------------------------------------------------------------
// The API

/** The energy estimate of a model: the core's report, with `hardware`, per-layer `energy_j` and totals. */
export function estimate(source, options = {}) {
  return run('estimate', source, options);
}

/** The model's graph, shapes, FLOPs, parameters and bytes per layer, without the energy model. */
export function inspect(source, options = {}) {
  return run('inspect', source, options);
}

/**
 * A decoder's generation estimate (as `wattlayer estimate --prompt P --generate N`): the prefill's
 * report with its `generation` member. `prompt` and `generate` default to the core's.
 */
export function generate(source, options = {}) {
  const { prompt, generate: output, ...rest } = options ?? {};
  const generation = {};
  if (prompt !== undefined) generation.prompt = prompt;
  if (output !== undefined) generation.generate = output;
  return run('estimate', source, { ...rest, generation });
}

/**
 * Two models compared, as `wattlayer diff BEFORE AFTER --format json`: both estimated with the same
 * options, then the totals and every layer that changed, was added or removed (matched by name).
 * `options.markdown: true` resolves with the Markdown for a pull request instead.
 */
export async function diff(before, after, options = {}) {
  const { fetchOptions, markdown, ...core } = options ?? {};
  const m = await loadModule();
  return withSource(before, fetchOptions, (a) => withSource(after, fetchOptions, async (b) => {
    const beforeName = core.before_name ?? a.name ?? 'before';
    const afterName = core.file_name ?? b.name ?? 'after';
    // The earlier model's bytes (an ONNX file's compact graph), kept while the later one is read.
    const kept = await onModel(m, a, beforeName, (ptr, size) => m.HEAPU8.slice(ptr, ptr + size));
    const request = JSON.stringify({ ...core, file_name: afterName, before_name: beforeName, format: markdown ? 'markdown' : 'json' });
    const text = await onModel(m, b, afterName, (ptr, size) => withCopy(m, kept, (keptPtr, keptSize) => m.diff(keptPtr, keptSize, ptr, size, request)));
    return text.startsWith('{') ? reportOf(text) : text; // Markdown starts with its title; an error is JSON
  }));
}

/** The compiled-in hardware profiles, as `wattlayer hardware --format json` lists them. */
export async function hardware() {
  return reportOf((await loadModule()).hardware());
}

/** The core's version (the package's version is the same). */
export async function version() {
  return (await loadModule()).version();
}
