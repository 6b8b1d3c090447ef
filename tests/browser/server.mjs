// A small static file server for the browser tests: serves one folder on 127.0.0.1 at a free
// port, with the content types a browser needs (text/javascript for modules, application/wasm
// for streaming compilation), answers single HTTP Range requests (206, or 416 when the range is
// past the end) unless told not to, and records every request it answers.
//
// usage as a program: node tests/browser/server.mjs [ROOT] [PORT]   (prints the URL)
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

// One range of a Range header, as [first, last] byte offsets (inclusive) of a `size`-byte file:
// null when the header is not one range this server reads ("bytes=A-B", "bytes=A-", "bytes=-N"),
// in which case the whole file is sent, as RFC 9110 allows; 'unsatisfiable' when it starts past
// the end.
function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') { // the last N bytes
    const n = Number(m[2]);
    return n === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - n), size - 1];
  }
  const first = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < first) return null;
  return first >= size ? 'unsatisfiable' : [first, last];
}

/**
 * Starts the server; resolves with {url, requests, served, close()}.
 * `options` is the port (a number, 0 for a free one) or {port, ranges}: ranges: false answers
 * every request whole (200), as a server that ignores Range does.
 * `requests` lists "METHOD /path" per request; `served` has one entry per request,
 * {method, url, range (the Range header or null), status, bytes (body bytes sent so far)}.
 */
export function serve(root, options = {}) {
  const { port = 0, ranges = true } = typeof options === 'number' ? { port: options } : options;
  const base = resolve(root);
  const requests = [];
  const served = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const entry = { method: req.method, url: req.url, range: req.headers.range ?? null, status: 0, bytes: 0 };
    served.push(entry);
    const answer = (status, headers) => { entry.status = status; return res.writeHead(status, headers); };
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      answer(400).end();
      return;
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      answer(403).end();
      return;
    }
    let stat;
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      stat = statSync(file);
    } catch {
      answer(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    if (ranges) headers['accept-ranges'] = 'bytes';
    const range = ranges && entry.range && (req.method === 'GET' || req.method === 'HEAD') ? parseRange(entry.range, stat.size) : null;
    if (range === 'unsatisfiable') {
      answer(416, { ...headers, 'content-range': `bytes */${stat.size}`, 'content-length': 0 }).end();
      return;
    }
    const [first, last] = range ?? [0, stat.size - 1];
    headers['content-length'] = Math.max(0, last - first + 1);
    if (range) headers['content-range'] = `bytes ${first}-${last}/${stat.size}`;
    answer(range ? 206 : 200, headers);
    if (req.method === 'HEAD' || stat.size === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(file, { start: first, end: last });
    stream.on('data', (chunk) => { entry.bytes += chunk.length; });
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy()); // a client that stops reading (an aborted fetch)
    stream.pipe(res);
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolveServer({
        url: `http://127.0.0.1:${bound}`,
        requests,
        served,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('../../web', import.meta.url));
  const { url } = await serve(root, Number(process.argv[3] ?? 8000));
  console.log(`serving ${root} on ${url}/`);
}
