// Runs the WattLayer WebAssembly module: loads it once, reads a model file into its memory (with
// progress), and calls estimate/inspect. Used by worker.js; it has no DOM dependency.
import createWattLayer from '../wasm/wattlayer.js';

const WASM_URL = new URL('../wasm/wattlayer.wasm', import.meta.url).href;
const PROGRESS_INTERVAL_MS = 50;

let modulePromise = null;
let moduleLoaded = false;

class JobError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// Streams and compiles the .wasm; falls back to compiling from bytes when a server sends it with
// another content type than application/wasm (which streaming compilation refuses).
async function instantiate(imports) {
  let response;
  try {
    response = await fetch(WASM_URL, { credentials: 'same-origin' });
  } catch (e) {
    throw new JobError('module_unavailable', `the WebAssembly module could not be fetched (${e.message})`);
  }
  if (!response.ok) {
    throw new JobError('module_unavailable', `the WebAssembly module is missing (HTTP ${response.status} for wasm/wattlayer.wasm): build it with bash tests/setup.sh`);
  }
  const type = response.headers.get('content-type') || '';
  if (typeof WebAssembly.instantiateStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

/** The module, loaded once. */
export function loadModule() {
  if (!modulePromise) {
    let fail;
    const failed = new Promise((_, reject) => { fail = reject; });
    modulePromise = Promise.race([
      createWattLayer({
        instantiateWasm(imports, receiveInstance) {
          instantiate(imports).then(({ instance, module }) => receiveInstance(instance, module), fail);
          return {};
        },
        print: () => {},
        printErr: (text) => console.warn(text),
      }),
      failed,
    ]);
    modulePromise.then(() => { moduleLoaded = true; }, () => {});
  }
  return modulePromise;
}

// The last file read, kept in the module's memory so that changing the batch size or the hardware
// does not read it again.
let cached = null;

function keyOf(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return `blob:${source.name ?? ''}:${source.size}:${source.lastModified ?? ''}:${source.type}`;
  }
  return `url:${source.url}`;
}

function release(m) {
  if (cached && cached.scan) cached.scan.delete();
  else if (cached) m._free(cached.ptr);
  cached = null;
}

function allocate(m, size) {
  const ptr = m._malloc(Math.max(size, 1));
  if (!ptr) throw new JobError('out_of_memory', `a ${size}-byte model does not fit in the WebAssembly memory`);
  return ptr;
}

// Reads a stream into the module's memory. When the size is known (a File), the bytes go straight
// into one allocation; otherwise (a download) the chunks are gathered first.
async function readInto(m, stream, knownSize, expected, progress) {
  const reader = stream.getReader();
  let loaded = 0;
  let last = 0;
  const chunks = [];
  let ptr = knownSize != null ? allocate(m, knownSize) : 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (ptr) {
        if (loaded + value.length > knownSize) throw new JobError('io_error', 'the file grew while it was being read');
        m.HEAPU8.set(value, ptr + loaded); // HEAPU8 is read each time: memory may have grown
      } else {
        chunks.push(value);
      }
      loaded += value.length;
      const now = performance.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        progress({ phase: 'reading', loaded, total: expected });
      }
    }
    if (!ptr) {
      ptr = allocate(m, loaded);
      let at = 0;
      for (const c of chunks) { m.HEAPU8.set(c, ptr + at); at += c.length; }
    }
  } catch (e) {
    if (ptr) m._free(ptr);
    throw e;
  }
  progress({ phase: 'reading', loaded, total: loaded });
  return { ptr, size: ptr && knownSize != null ? Math.min(loaded, knownSize) : loaded };
}

// The first bytes of a file, for format detection (the core decides, as for a whole file).
const PEEK_BYTES = 4096;
// JSON models are read whole; an ONNX file is streamed, so no size limit applies to it.
const MAX_JSON_BYTES = 512 * 1024 * 1024;

async function formatOf(m, file) {
  const head = new Uint8Array(await file.slice(0, PEEK_BYTES).arrayBuffer());
  const ptr = allocate(m, head.length);
  try {
    m.HEAPU8.set(head, ptr);
    return m.detectFormat(ptr, head.length, file.name ?? '');
  } finally {
    m._free(ptr);
  }
}

// Streams an ONNX File through the core's scanner: only the graph's bytes are read; tensor
// payloads are skipped by offset (Blob.slice reads nothing until asked), so a 2 GB file costs
// what its graph costs. The scan keeps the compact graph for estimate and inspect.
async function scanOnnx(m, file, progress) {
  const scan = new m.GraphScan(file.size);
  let buffer = 0;
  let bufferSize = 0;
  let last = 0;
  try {
    while (!scan.done()) {
      const at = scan.nextOffset();
      const end = Math.min(file.size, at + scan.nextReadSize()); // the scanner sizes the slices
      const bytes = new Uint8Array(await file.slice(at, end).arrayBuffer());
      if (bytes.length > bufferSize) {
        if (buffer) m._free(buffer);
        buffer = allocate(m, bytes.length);
        bufferSize = bytes.length;
      }
      m.HEAPU8.set(bytes, buffer);
      const fed = scan.feed(buffer, bytes.length);
      if (!fed.ok) throw new JobError(fed.code, fed.message);
      const next = scan.nextOffset();
      if (next === at) throw new JobError('internal', 'the scanner made no progress');
      const now = performance.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        progress({ phase: 'reading', loaded: next, total: file.size });
      }
    }
  } catch (e) {
    scan.delete();
    throw e;
  } finally {
    if (buffer) m._free(buffer);
  }
  progress({ phase: 'reading', loaded: file.size, total: file.size });
  return { scan, ptr: scan.graphAddress(), size: scan.graphSize(), skipped: scan.skippedBytes() };
}

async function bytesOf(m, source, progress) {
  const key = keyOf(source);
  if (cached && cached.key === key) return cached;
  release(m);
  let read;
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    progress({ phase: 'reading', loaded: 0, total: source.size });
    const format = source.size > 0 ? await formatOf(m, source) : 'unknown';
    if (format === 'onnx') {
      read = await scanOnnx(m, source, progress);
    } else if (format === 'unknown') {
      // Neither ONNX nor JSON: the core names what it is (a checkpoint, an archive, a web page...)
      // from its first bytes and its name, so a large file is never read whole for an error.
      const head = source.slice(0, PEEK_BYTES);
      read = await readInto(m, head.stream(), head.size, head.size, progress);
    } else {
      if (source.size > MAX_JSON_BYTES) {
        throw new JobError('too_large', `a JSON model over ${MAX_JSON_BYTES >> 20} MiB cannot be read whole`);
      }
      read = await readInto(m, source.stream(), source.size, source.size, progress);
    }
  } else {
    progress({ phase: 'reading', loaded: 0, total: 0 });
    let response;
    try {
      response = await fetch(source.url, { credentials: 'same-origin' });
    } catch (e) {
      throw new JobError('io_error', `could not fetch ${source.url} (${e.message})`);
    }
    if (!response.ok) throw new JobError('io_error', `could not fetch ${source.url}: HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length')) || 0;
    const encoded = response.headers.get('content-encoding');
    read = await readInto(m, response.body, null, encoded ? 0 : length, progress);
  }
  cached = { key, ...read };
  return cached;
}

/**
 * Runs one request: {type: 'hardware'} or {type: 'estimate'|'inspect', source, options}.
 * Resolves with the data to post back; rejects with {code, message}.
 */
export async function runJob(request, progress = () => {}) {
  if (!moduleLoaded) progress({ phase: 'module' });
  const m = await loadModule();
  if (request.type === 'hardware') {
    return { hardware: JSON.parse(m.hardware()), version: m.version() };
  }
  if (request.type !== 'estimate' && request.type !== 'inspect') throw new JobError('bad_argument', `unknown request ${request.type}`);
  const start = performance.now();
  const { ptr, size } = await bytesOf(m, request.source, progress);
  const read = performance.now();
  progress({ phase: 'estimating', loaded: size, total: size });
  const text = m[request.type](ptr, size, JSON.stringify(request.options ?? {}));
  const done = performance.now();
  // {format: 'csv'} asks for the core's CSV; an error is a JSON report either way
  if (request.options?.format === 'csv' && !text.startsWith('{')) return { text };
  const report = JSON.parse(text);
  if (report.error) throw new JobError(report.error.code, report.error.message);
  return {
    text,
    report,
    size: request.source.size ?? size,
    skippedBytes: cached.skipped ?? 0,
    wasmMemoryBytes: m.HEAPU8.buffer.byteLength, // memory only grows: this is the peak so far
    timing: { read_ms: read - start, estimate_ms: done - read },
  };
}
