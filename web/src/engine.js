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
// The first Range request for a URL: the scanner's first read (its kFirstReadBytes), which
// holds the whole graph of most models that keep their weights in another file.
const FIRST_RANGE_BYTES = 64 * 1024;

// A model's bytes, whoever holds them: `size`, and `read(at, end)` resolving with the bytes
// [at, end) as a Uint8Array. The format peek and the ONNX scan read through one, so that a
// dropped File and a URL are read by the same loop.
function fileBytes(file) {
  // Blob.slice reads nothing until asked: skipped tensor payloads are never read.
  return { size: file.size, read: async (at, end) => new Uint8Array(await file.slice(at, end).arrayBuffer()) };
}

async function formatOf(m, bytes, name) {
  const head = await bytes.read(0, Math.min(bytes.size, PEEK_BYTES));
  const ptr = allocate(m, head.length);
  try {
    m.HEAPU8.set(head, ptr);
    return m.detectFormat(ptr, head.length, name);
  } finally {
    m._free(ptr);
  }
}

// Streams an ONNX file through the core's scanner: only the graph's bytes are read; tensor
// payloads are skipped by offset, so a 2 GB file costs what its graph costs. The scan keeps the
// compact graph for estimate and inspect.
async function scanOnnx(m, bytes, progress) {
  const scan = new m.GraphScan(bytes.size);
  let buffer = 0;
  let bufferSize = 0;
  let last = 0;
  try {
    while (!scan.done()) {
      const at = scan.nextOffset();
      const end = Math.min(bytes.size, at + scan.nextReadSize()); // the scanner sizes the slices
      const slice = await bytes.read(at, end);
      if (slice.length > bufferSize) {
        if (buffer) m._free(buffer);
        buffer = allocate(m, slice.length);
        bufferSize = slice.length;
      }
      m.HEAPU8.set(slice, buffer);
      const fed = scan.feed(buffer, slice.length);
      if (!fed.ok) throw new JobError(fed.code, fed.message);
      const next = scan.nextOffset();
      if (next === at) throw new JobError('internal', 'the scanner made no progress');
      const now = performance.now();
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        progress({ phase: 'reading', loaded: next, total: bytes.size });
      }
    }
  } catch (e) {
    scan.delete();
    throw e;
  } finally {
    if (buffer) m._free(buffer);
  }
  progress({ phase: 'reading', loaded: bytes.size, total: bytes.size });
  return { scan, ptr: scan.graphAddress(), size: scan.graphSize(), skipped: scan.skippedBytes(), fileSize: bytes.size };
}

// ------------------------------------------------------------------------------------------------
// URLs: an ONNX file is scanned through HTTP Range requests, so only its graph is downloaded; a
// server that does not answer ranges gets one plain GET of the whole file, as a File is read whole.

// Thrown when a server does not answer a Range request with those bytes: the file is then read
// whole. `response`, when set, is a 200 that already carries the whole file (no second fetch).
class NoRanges extends Error {
  constructor(response = null) {
    super('the server does not answer byte ranges');
    this.response = response;
  }
}

// GET `url`, or its bytes [at, end) when a range is given; HTTP errors are the job's io_error.
async function get(url, range = null) {
  const init = { credentials: 'same-origin' };
  if (range) init.headers = { Range: `bytes=${range[0]}-${range[1] - 1}` };
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw new JobError('io_error', `could not fetch ${url} (${e.message})`);
  }
  // 416 (the range is past the end: an empty file) is left to the whole read, which says what it is
  if (!response.ok && !(range && response.status === 416)) throw new JobError('io_error', `could not fetch ${url}: HTTP ${response.status}`);
  return response;
}

// "bytes FIRST-LAST/TOTAL" as numbers; null for anything else: "bytes */TOTAL", an unknown total
// ("/*"), or no header (a cross-origin server that does not expose it).
function contentRange(header) {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec((header ?? '').trim());
  return m ? { first: Number(m[1]), last: Number(m[2]), total: Number(m[3]) } : null;
}

// The body of the answer to a request for the bytes from `at`, with the file's total size; or
// NoRanges when it is not those bytes: a 200 (the whole file), a 416, a Content-Range that starts
// elsewhere or cannot be read, or an encoded body (its ranges would count encoded bytes).
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

// A URL as a byte source read by Range requests. The first answer gives the size (Content-Range's
// total) and the first bytes, which serve the format peek and the scanner's first read.
async function openRanges(url) {
  const { bytes: head, total: size } = await rangeBody(await get(url, [0, FIRST_RANGE_BYTES]), 0);
  if (head.length !== Math.min(size, FIRST_RANGE_BYTES)) throw new NoRanges();
  return {
    size,
    head,
    async read(at, end) {
      if (end <= head.length) return head.subarray(at, end);
      const { bytes } = await rangeBody(await get(url, [at, end]), at);
      if (bytes.length !== end - at) throw new NoRanges(); // the file changed size meanwhile
      return bytes;
    },
  };
}

// The file name in a URL's path, which breaks a tie in format detection as a File's name does.
function nameOf(url) {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop());
  } catch {
    return '';
  }
}

// A whole download into the module's memory (the size is known only at the end when encoded).
function readWhole(m, response, progress) {
  const length = Number(response.headers.get('content-length')) || 0;
  const encoded = response.headers.get('content-encoding');
  return readInto(m, response.body, null, encoded ? 0 : length, progress);
}

// Bytes already in hand (a JSON model, or the first bytes of a file that is no model).
function copyIn(m, bytes, progress) {
  const ptr = allocate(m, bytes.length);
  m.HEAPU8.set(bytes, ptr);
  progress({ phase: 'reading', loaded: bytes.length, total: bytes.length });
  return { ptr, size: bytes.length };
}

async function readUrl(m, url, progress) {
  try {
    const bytes = await openRanges(url);
    const format = bytes.size > 0 ? await formatOf(m, bytes, nameOf(url)) : 'unknown';
    if (format === 'onnx') return await scanOnnx(m, bytes, progress);
    // Neither ONNX nor JSON: the core names it from its first bytes, as for a File.
    if (format === 'unknown' || bytes.head.length === bytes.size) return copyIn(m, bytes.head, progress);
    if (bytes.size > MAX_JSON_BYTES) throw new JobError('too_large', `a JSON model over ${MAX_JSON_BYTES >> 20} MiB cannot be read whole`);
    // A JSON model past the first slice is read whole: one plain GET, as before ranges.
    return await readWhole(m, await get(url), progress);
  } catch (e) {
    if (!(e instanceof NoRanges)) throw e;
    return readWhole(m, e.response ?? await get(url), progress);
  }
}

async function bytesOf(m, source, progress) {
  const key = keyOf(source);
  if (cached && cached.key === key) return cached;
  release(m);
  let read;
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    progress({ phase: 'reading', loaded: 0, total: source.size });
    const bytes = fileBytes(source);
    const format = source.size > 0 ? await formatOf(m, bytes, source.name ?? '') : 'unknown';
    if (format === 'onnx') {
      read = await scanOnnx(m, bytes, progress);
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
    read = await readUrl(m, source.url, progress);
  }
  cached = { key, ...read };
  return cached;
}

// Two models compared, as `wattlayer diff`: the earlier version's bytes are copied out of the
// cache (which then reads the later one, the page's current model), and the core estimates both.
async function diffJob(m, request, progress) {
  const before = await bytesOf(m, request.before, progress);
  const copy = allocate(m, before.size);
  m.HEAPU8.set(m.HEAPU8.subarray(before.ptr, before.ptr + before.size), copy);
  try {
    const after = await bytesOf(m, request.source, progress);
    progress({ phase: 'estimating', loaded: after.size, total: after.size });
    const options = JSON.stringify(request.options ?? {});
    const json = m.diff(copy, before.size, after.ptr, after.size, options);
    const diff = JSON.parse(json);
    if (diff.error) throw new JobError(diff.error.code, diff.error.message);
    const markdown = m.diff(copy, before.size, after.ptr, after.size, JSON.stringify({ ...request.options, format: 'markdown' }));
    return { diff, markdown };
  } finally {
    m._free(copy);
  }
}

/**
 * Runs one request: {type: 'hardware'}, {type: 'estimate'|'inspect', source, options} or
 * {type: 'diff', before, source, options}.
 * Resolves with the data to post back; rejects with {code, message}.
 */
export async function runJob(request, progress = () => {}) {
  if (!moduleLoaded) progress({ phase: 'module' });
  const m = await loadModule();
  if (request.type === 'hardware') {
    return { hardware: JSON.parse(m.hardware()), version: m.version() };
  }
  if (request.type === 'diff') return diffJob(m, request, progress);
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
    size: request.source.size ?? cached.fileSize ?? size, // a scanned URL: the file's size, not its graph's
    skippedBytes: cached.skipped ?? 0,
    wasmMemoryBytes: m.HEAPU8.buffer.byteLength, // memory only grows: this is the peak so far
    timing: { read_ms: read - start, estimate_ms: done - read },
  };
}
