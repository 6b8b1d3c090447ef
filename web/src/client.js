// The page's side of worker.js: requests matched by id, progress callbacks, and cancellation by
// terminating the worker and starting a fresh one (the core's estimate is one synchronous call,
// so terminating is the only way to stop it).

const WORKER_URL = new URL('./worker.js', import.meta.url);

export class CancelledError extends Error {
  constructor() {
    super('cancelled by a newer request');
    this.code = 'cancelled';
  }
}

// A module worker from the script's own URL; when the script is on another origin than the page
// (a widget loaded from a CDN), a same-origin blob worker that imports it.
function createWorker(url) {
  try {
    return new Worker(url, { type: 'module', name: 'wattlayer' });
  } catch (e) {
    if (e.name !== 'SecurityError') throw e;
    const shim = new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(shim), { type: 'module', name: 'wattlayer' });
  }
}

export class WattLayerClient {
  #worker = null;
  #pending = new Map(); // id -> {message, resolve, reject, onProgress, cancellable}
  #nextId = 1;
  #version = null;
  #readyListeners = new Set();

  constructor({ workerUrl = WORKER_URL } = {}) {
    this.workerUrl = workerUrl;
    this.#spawn();
  }

  /** The module's version once loaded, else null. */
  get version() {
    return this.#version;
  }

  /** Calls `listener({version} | {error})` when the module has loaded (or failed to), after each restart too. */
  onReady(listener) {
    this.#readyListeners.add(listener);
  }

  /** True while an estimate or inspect job is running. */
  get busy() {
    for (const p of this.#pending.values()) if (p.cancellable) return true;
    return false;
  }

  #spawn() {
    const worker = createWorker(this.workerUrl);
    this.#worker = worker;
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'ready' || msg.type === 'failed') {
        if (msg.type === 'ready') this.#version = msg.version;
        for (const l of this.#readyListeners) l(msg.type === 'ready' ? { version: msg.version } : { error: msg.error });
        return;
      }
      const p = this.#pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') {
        p.onProgress?.(msg);
        return;
      }
      this.#pending.delete(msg.id);
      if (msg.type === 'result') p.resolve(msg.data);
      else p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
    };
    // A worker that cannot even start (its script or the module's JavaScript missing).
    worker.onerror = (event) => {
      event.preventDefault?.();
      const error = {
        code: 'module_unavailable',
        message: `the estimator could not start${event.message ? ` (${event.message})` : ''}: is wasm/wattlayer.js built (bash tests/setup.sh)? From another origin, its server must send CORS headers and the page's Content-Security-Policy must allow it`,
      };
      for (const l of this.#readyListeners) l({ error });
      for (const [id, p] of this.#pending) {
        this.#pending.delete(id);
        p.reject(Object.assign(new Error(error.message), { code: error.code }));
      }
    };
  }

  /**
   * Sends {type, ...} to the worker; resolves with its result. `cancellable` requests (model jobs)
   * are stopped by cancel(); others (the hardware list) are sent again to the fresh worker.
   */
  request(message, { onProgress, cancellable = true } = {}) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { message, resolve, reject, onProgress, cancellable });
      this.#worker.postMessage({ ...message, id });
    });
  }

  /** Stops every running model job (their promises reject with CancelledError). */
  cancel() {
    if (!this.busy) return false;
    this.#worker.terminate();
    const survivors = [];
    for (const [id, p] of this.#pending) {
      if (p.cancellable) p.reject(new CancelledError());
      else survivors.push([id, p]);
    }
    this.#pending.clear();
    this.#spawn();
    for (const [id, p] of survivors) {
      this.#pending.set(id, p);
      this.#worker.postMessage({ ...p.message, id });
    }
    return true;
  }

  /** The compiled-in hardware profiles, as `wattlayer hardware --format json` lists them. */
  hardware() {
    return this.request({ type: 'hardware' }, { cancellable: false });
  }

  /** Estimates a model: `source` is a File/Blob or {url}; options as wasm/bindings.cpp reads them. */
  estimate(source, options, onProgress) {
    return this.request({ type: 'estimate', source, options }, { onProgress });
  }

  /** Compares an earlier version `before` with `source` (both File/Blob or {url}): {diff, markdown}. */
  diff(before, source, options, onProgress) {
    return this.request({ type: 'diff', before, source, options }, { onProgress });
  }

  terminate() {
    this.#worker.terminate();
  }
}
