// The Web Worker that owns the WattLayer WebAssembly module. The page never runs the core on its
// own thread, so it never freezes; a job is cancelled by terminating this worker (see client.js).
//
// Messages in:  {id, type: 'hardware'}
//               {id, type: 'estimate' | 'inspect', source: Blob | File | {url, name}, options}
//               {id, type: 'diff', before: <a source>, source, options}   (wattlayer diff BEFORE SOURCE)
// Messages out: {type: 'ready', version} | {type: 'failed', error}   (once, when the module is loaded)
//               {id, type: 'progress', phase: 'module' | 'reading' | 'estimating', loaded, total}
//               {id, type: 'result', data} | {id, type: 'error', error: {code, message}}
import { loadModule, runJob } from './engine.js';

// Jobs run one after another (several widgets may share this worker): each reads the file cache
// and the module's memory only while it is the one running.
let queue = Promise.resolve();

self.onmessage = (event) => {
  const request = event.data;
  const progress = (p) => self.postMessage({ id: request.id, type: 'progress', ...p });
  queue = queue.then(async () => {
    try {
      const data = await runJob(request, progress);
      self.postMessage({ id: request.id, type: 'result', data });
    } catch (e) {
      self.postMessage({ id: request.id, type: 'error', error: toError(e) });
    }
  });
};

function toError(e) {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) return { code: e.code, message: e.message };
  return { code: 'internal', message: String((e && e.message) || e) };
}

// Loaded early: the module compiles while the user is still choosing a file.
loadModule()
  .then((m) => self.postMessage({ type: 'ready', version: m.version() }))
  .catch((e) => self.postMessage({ type: 'failed', error: toError(e) }));
