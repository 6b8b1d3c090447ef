// A static file server for the npm package's tests: one folder on 127.0.0.1 at a free port, with
// the content types browsers need, single HTTP Range requests (206, 416) unless `ranges: false`,
// and with `cors: true` the headers a CDN sends (Access-Control-Allow-Origin: *, the range headers
// exposed, preflights answered). Symbolic links are followed. Records each request in `served`:
// {method, url, range, status, bytes, origin}.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

// "bytes=A-B", "bytes=A-" or "bytes=-N" as [first, last]; null for anything else (sent whole);
// 'unsatisfiable' when it starts past the end.
function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    return n === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - n), size - 1];
  }
  const first = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < first) return null;
  return first >= size ? 'unsatisfiable' : [first, m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)];
}

export function serve(root, { ranges = true, cors = false } = {}) {
  const base = resolve(root);
  const served = [];
  const server = createServer((req, res) => {
    const entry = { method: req.method, url: req.url, range: req.headers.range ?? null, status: 0, bytes: 0, origin: req.headers.origin ?? null };
    served.push(entry);
    const headers = { 'cache-control': 'no-cache' };
    if (cors) {
      headers['access-control-allow-origin'] = '*';
      headers['access-control-expose-headers'] = 'Content-Range, Accept-Ranges, Content-Encoding, Content-Length';
    }
    const answer = (status, more = {}) => { entry.status = status; res.writeHead(status, { ...headers, ...more }); };
    if (req.method === 'OPTIONS' && cors) {
      answer(204, { 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'Range', 'access-control-max-age': '600' });
      res.end();
      return;
    }
    let file;
    try {
      file = normalize(join(base, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    } catch {
      answer(400);
      res.end();
      return;
    }
    if (file !== base && !file.startsWith(base + sep)) {
      answer(403);
      res.end();
      return;
    }
    let stat;
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      stat = statSync(file);
    } catch {
      answer(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const type = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    if (ranges) type['accept-ranges'] = 'bytes';
    const range = ranges && entry.range && req.method === 'GET' ? parseRange(entry.range, stat.size) : null;
    if (range === 'unsatisfiable') {
      answer(416, { ...type, 'content-range': `bytes */${stat.size}`, 'content-length': 0 });
      res.end();
      return;
    }
    const [first, last] = range ?? [0, stat.size - 1];
    answer(range ? 206 : 200, { ...type, 'content-length': Math.max(0, last - first + 1), ...(range ? { 'content-range': `bytes ${first}-${last}/${stat.size}` } : {}) });
    if (req.method === 'HEAD' || stat.size === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(file, { start: first, end: last });
    stream.on('data', (chunk) => { entry.bytes += chunk.length; });
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy()); // a client that stops reading
    stream.pipe(res);
  });
  return new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => done({
      url: `http://127.0.0.1:${server.address().port}`,
      served,
      close: () => new Promise((closed) => { server.closeAllConnections?.(); server.close(closed); }),
    }));
  });
}
