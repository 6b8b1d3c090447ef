// `wattlayer/widget.js`: defines the <wattlayer-estimate> element. The element is the page's own
// (src/widget.js, copied from web/src/ when the package is built); it finds its worker
// (src/worker.js) and the WebAssembly module (wasm/) relative to its own URL, so this file works
// from any path, a CDN's included:
//   <script type="module" src="https://cdn.jsdelivr.net/npm/wattlayer@VERSION/widget.js"></script>
export * from './src/widget.js';
