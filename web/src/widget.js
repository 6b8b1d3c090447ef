// <wattlayer-estimate>: the energy estimate of one model, for documentation pages.
//
//   <script type="module" src="https://example.org/wattlayer/src/widget.js"></script>
//   <wattlayer-estimate src="models/resnet50.onnx" hardware="h100" batch="1"></wattlayer-estimate>
//
// Attributes: src (the model, relative to the page), hardware (a GPU id, default h100), precision
// (default: what the file computes in, as the core reads it; "fp32", "fp16", "bf16": that profile), batch (default: as
// exported), dims ("NAME=V, ..."), label (the title shown; default the file name),
// theme ("light" | "dark"; default the reader's preference), loading ("lazy": wait until visible).
// Everything else (worker, WebAssembly module) is found relative to this script. The model is
// fetched from `src` and estimated in the reader's browser; nothing is sent anywhere. An ONNX file
// is read by HTTP Range requests where the server answers them: only its graph, not its weights.
// Events: "wattlayer-load" (detail: {report}) and "wattlayer-error" (detail: {code, message}).
import { WattLayerClient } from './client.js';
import { formatEnergy, formatPercent, formatTime, significant, toMilliwattHours, toWattHoursPer } from './format.js';
import { categoryLabel, categoryTotals, incompleteness, pageWording } from './report.js';

const PAGE_URL = new URL('../index.html', import.meta.url);
let sharedClient = null;
const client = () => (sharedClient ??= new WattLayerClient());

const CSS = `
:host {
  display: block; max-width: 560px; margin: 1em 0;
  --wl-bg: var(--wattlayer-background, #ffffff); --wl-text: var(--wattlayer-text, #1b1f24);
  --wl-muted: #59636e; --wl-border: #d6dae0; --wl-accent: var(--wattlayer-accent, #1a56db); --wl-soft: #f0f4fd;
  --wl-danger: #b42318;
  --cat-conv: #1f6fb2; --cat-matmul: #d55e00; --cat-attention: #b4448e; --cat-normalization: #009e73;
  --cat-elementwise: #e69f00; --cat-pooling: #56b4e9; --cat-reduction: #8c7a00; --cat-data_movement: #8a9099;
  --cat-classical_ml: #0f7c86; --cat-other: #6a3d9a; --cat-overhead: #3b4048;
  font-family: var(--wattlayer-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif);
  font-size: 14px; line-height: 1.45; color: var(--wl-text);
}
:host([hidden]) { display: none; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
    --wl-bg: var(--wattlayer-background, #171b22); --wl-text: var(--wattlayer-text, #e6e9ee);
    --wl-muted: #9aa4b1; --wl-border: #2d3541; --wl-accent: var(--wattlayer-accent, #6d9bff); --wl-soft: #1c2a48; --wl-danger: #ff8a80;
    --cat-conv: #5aa2e6; --cat-matmul: #ff8c42; --cat-attention: #e07bc0; --cat-normalization: #2fc89a;
    --cat-elementwise: #f2c14e; --cat-pooling: #8fd3ff; --cat-reduction: #d8c54a; --cat-data_movement: #9aa3ae;
    --cat-classical_ml: #4fc3cf; --cat-other: #b08ae0; --cat-overhead: #c9ced6;
  }
}
:host([theme="dark"]) {
  --wl-bg: var(--wattlayer-background, #171b22); --wl-text: var(--wattlayer-text, #e6e9ee);
  --wl-muted: #9aa4b1; --wl-border: #2d3541; --wl-accent: var(--wattlayer-accent, #6d9bff); --wl-soft: #1c2a48; --wl-danger: #ff8a80;
  --cat-conv: #5aa2e6; --cat-matmul: #ff8c42; --cat-attention: #e07bc0; --cat-normalization: #2fc89a;
  --cat-elementwise: #f2c14e; --cat-pooling: #8fd3ff; --cat-reduction: #d8c54a; --cat-data_movement: #9aa3ae;
  --cat-classical_ml: #4fc3cf; --cat-other: #b08ae0; --cat-overhead: #c9ced6;
}
.card { background: var(--wl-bg); border: 1px solid var(--wl-border); border-radius: 10px; padding: 14px 16px; }
.head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.title { font-weight: 700; overflow-wrap: anywhere; }
.meta { color: var(--wl-muted); font-size: 0.86em; }
.figure { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; margin: 6px 0 2px; }
.energy { font-size: 1.9em; font-weight: 700; color: var(--wl-accent); font-variant-numeric: tabular-nums; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 6px 14px; margin: 8px 0 10px; padding: 0; }
.facts div { margin: 0; }
.facts dt { color: var(--wl-muted); font-size: 0.8em; }
.facts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
svg { display: block; width: 100%; height: 14px; border-radius: 4px; overflow: hidden; }
.bar { fill: var(--c); }
.legend { display: flex; flex-wrap: wrap; gap: 2px 12px; margin: 6px 0 0; padding: 0; list-style: none; font-size: 0.84em; color: var(--wl-muted); }
.legend li { display: inline-flex; align-items: center; gap: 5px; }
.swatch { width: 9px; height: 9px; border-radius: 2px; background: var(--c); }
.top { margin: 10px 0 0; font-size: 0.86em; }
.top summary { cursor: pointer; color: var(--wl-muted); }
.top ol { margin: 4px 0 0; padding-left: 1.6em; }
.top li { overflow-wrap: anywhere; }
.top code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 0.92em; }
.foot { display: flex; justify-content: space-between; gap: 10px; flex-wrap: wrap; margin-top: 10px; padding-top: 8px; border-top: 1px solid var(--wl-border); color: var(--wl-muted); font-size: 0.8em; }
.foot a { color: var(--wl-accent); }
.status { color: var(--wl-muted); }
.error { color: var(--wl-danger); }
.error strong { display: block; }
.warn { margin: 8px 0 0; font-size: 0.84em; color: var(--wl-muted); }
.warn summary { cursor: pointer; }
.warn ul { margin: 4px 0 0; padding-left: 1.2em; }
.bound { margin: 6px 0 0; padding: 2px 8px; width: fit-content; border-radius: 6px; font-size: 0.84em; border: 1px solid #d9a400; background: color-mix(in srgb, #f5c400 14%, transparent); }
.cat-conv { --c: var(--cat-conv); } .cat-matmul { --c: var(--cat-matmul); } .cat-attention { --c: var(--cat-attention); }
.cat-normalization { --c: var(--cat-normalization); } .cat-elementwise { --c: var(--cat-elementwise); }
.cat-pooling { --c: var(--cat-pooling); } .cat-reduction { --c: var(--cat-reduction); }
.cat-data_movement { --c: var(--cat-data_movement); } .cat-classical_ml { --c: var(--cat-classical_ml); } .cat-other { --c: var(--cat-other); } .cat-overhead { --c: var(--cat-overhead); }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
`;

// A constructed stylesheet is shared by every instance, and a page's Content-Security-Policy
// without 'unsafe-inline' styles still allows it.
let sheet = null;
function styles(root) {
  if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); }
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}

function el(name, attrs = {}, ...children) {
  const node = document.createElement(name);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'className') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

function parseDims(text) {
  const dims = {};
  for (const part of (text ?? '').split(/[,;\s]+/).filter(Boolean)) {
    const m = /^([^=]+)=(\d+)$/.exec(part);
    if (m) dims[m[1]] = Number(m[2]);
  }
  return dims;
}

export class WattLayerEstimate extends HTMLElement {
  static observedAttributes = ['src', 'hardware', 'precision', 'batch', 'dims', 'label'];

  #root;
  #seq = 0;
  #scheduled = false;
  #visible = false;
  #observer = null;
  report = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    styles(this.#root);
    this.#root.append(el('div', { className: 'card', part: 'card' }));
  }

  connectedCallback() {
    if (this.getAttribute('loading') === 'lazy' && 'IntersectionObserver' in window && !this.#visible) {
      this.#show(el('p', { className: 'status' }, 'The energy estimate loads when it scrolls into view.'));
      this.#observer = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.#visible = true;
        this.#observer.disconnect();
        this.#schedule();
      }, { rootMargin: '200px' });
      this.#observer.observe(this);
      return;
    }
    this.#visible = true;
    this.#schedule();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
  }

  attributeChangedCallback() {
    if (this.isConnected && this.#visible) this.#schedule();
  }

  // Several attribute changes in one turn give one estimate.
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#run();
    });
  }

  #show(...nodes) {
    this.#root.querySelector('.card').replaceChildren(...nodes.filter((n) => n != null));
  }

  async #run() {
    const src = this.getAttribute('src');
    const name = this.getAttribute('label') || (src ? decodeURIComponent(src.split(/[?#]/)[0].split('/').pop()) : '');
    if (!src) {
      this.#error({ code: 'bad_argument', message: 'the element has no src attribute naming a model file' }, name);
      return;
    }
    const seq = ++this.#seq;
    const url = new URL(src, document.baseURI).href;
    const options = {
      file_name: src.split(/[?#]/)[0].split('/').pop(),
      hardware: this.getAttribute('hardware') || 'h100',
      precision: this.getAttribute('precision') || 'auto',
    };
    const batch = Number(this.getAttribute('batch'));
    if (this.hasAttribute('batch') && Number.isInteger(batch) && batch >= 1) options.batch = batch;
    const dims = parseDims(this.getAttribute('dims'));
    if (Object.keys(dims).length) options.dims = dims;

    this.setAttribute('aria-busy', 'true');
    const status = el('p', { className: 'status', role: 'status' }, `Estimating the energy of ${name}…`);
    this.#show(status);
    try {
      const data = await client().estimate({ url, name }, options, (p) => {
        if (seq !== this.#seq) return;
        if (p.phase === 'module') status.textContent = 'Loading the estimator…';
        else if (p.phase === 'estimating') status.textContent = `Estimating the energy of ${name}…`;
      });
      if (seq !== this.#seq) return;
      this.#render(data, name);
    } catch (e) {
      if (seq !== this.#seq) return;
      this.#error(e, name);
    } finally {
      if (seq === this.#seq) this.removeAttribute('aria-busy');
    }
  }

  #error(e, name) {
    this.report = null;
    this.#show(el('div', { className: 'error', role: 'alert' },
      el('strong', {}, `No energy estimate for ${name || 'this model'}`),
      `${e.message}${e.code ? ` (${e.code})` : ''}`));
    this.dispatchEvent(new CustomEvent('wattlayer-error', { detail: { code: e.code, message: e.message }, bubbles: true, composed: true }));
  }

  #render(data, name) {
    const { report } = data;
    this.report = report;
    const t = report.total;
    const hw = report.hardware;

    // The totals are for one pass of the batch; a sample is one of its `batch` inputs.
    const batch = report.batch;
    const perSample = t.energy_j / batch;
    const per = batch > 1 ? `per batch of ${batch}` : 'per inference';
    const energy = el('span', {
      className: 'energy', 'data-testid': 'total-energy', 'data-joules': String(t.energy_j),
      'data-joules-per-sample': String(perSample), 'data-complete': String(t.complete !== false), title: `${t.energy_j} J`,
    }, formatEnergy(t.energy_j));
    const fact = (term, value, title, testid) => el('div', {}, el('dt', {}, term),
      el('dd', { ...(title ? { title } : {}), ...(testid ? { 'data-testid': testid } : {}) }, value));
    // what the file computes in (fp32, fp16, bf16, int8 or mixed); its title gives each precision's share
    const shares = Object.entries(report.model.precision_shares ?? {}).map(([p, s]) => `${p} ${formatPercent(s)}`).join(', ');

    // the share of each category as one stacked bar (sums of the report's layer energies)
    const totals = categoryTotals(report).filter((c) => c.energy_j > 0);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 1000 14');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    const spoken = totals.map((c) => `${categoryLabel(c.category)} ${formatPercent(c.energy_j / t.energy_j)}`).join(', ');
    svg.setAttribute('aria-label', `Share of energy by category: ${spoken}`);
    let x = 0;
    for (const c of totals) {
      const w = (c.energy_j / t.energy_j) * 1000;
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      Object.entries({ x: x.toFixed(2), y: 0, width: Math.max(w, 0.5).toFixed(2), height: 14, class: `bar cat-${c.category}` }).forEach(([k, v]) => rect.setAttribute(k, v));
      svg.append(rect);
      x += w;
    }
    const legend = el('ul', { className: 'legend', 'aria-hidden': 'true' }, ...totals.map((c) =>
      el('li', { className: `cat-${c.category}` }, el('span', { className: 'swatch' }), `${categoryLabel(c.category)} ${formatPercent(c.energy_j / t.energy_j)}`)));

    const top = report.layers.map((l, i) => ({ l, i })).filter((e) => e.l.energy_j > 0)
      .sort((a, b) => b.l.energy_j - a.l.energy_j).slice(0, 5);
    const topList = el('details', { className: 'top' }, el('summary', {}, `Costliest layers (of ${t.layers})`),
      el('ol', {}, ...top.map(({ l }) => el('li', {}, el('code', {}, l.name), ` ${l.op}: ${formatEnergy(l.energy_j)} (${formatPercent(l.energy_j / t.energy_j)})`))));

    // Each warning in words (the page's, not the CLI's flags), folded under a count.
    const warnings = report.warnings.length
      ? el('details', { className: 'warn', 'data-testid': 'widget-warnings' },
        el('summary', {}, `${report.warnings.length} warning${report.warnings.length > 1 ? 's' : ''}: ${report.warnings.map((w) => w.code).join(', ')}`),
        el('ul', {}, ...report.warnings.map((w) => el('li', {}, pageWording(w.message)))))
      : null;
    const incomplete = incompleteness(t);
    const bound = incomplete ? el('p', { className: 'bound', part: 'bound' }, incomplete) : null;

    this.#show(
      el('div', { className: 'head' },
        el('span', { className: 'title', part: 'title' }, name),
        el('span', { className: 'meta' }, `${hw.name} · batch ${report.batch}`)),
      el('div', { className: 'figure' }, energy, el('span', { className: 'meta' },
        batch > 1 ? `${per} · ${formatEnergy(perSample)} per sample` : `${per} · ${significant(toMilliwattHours(t.energy_j))} mWh`)),
      bound,
      el('dl', { className: 'facts' },
        fact('Per 1,000 samples', `${significant(toWattHoursPer(perSample, 1000))} Wh`),
        fact(`Time ${per}`, formatTime(t.time_s)),
        fact('Likely range', `${formatEnergy(t.energy_j_low, 3)} – ${formatEnergy(t.energy_j_high, 3)}`, '5th to 95th percentile in cross-validation'),
        fact('Framework overhead', formatPercent(t.overhead_energy_j / t.energy_j)),
        fact('File precision', report.model.precision, shares ? `Share of FLOPs by precision: ${shares}` : '', 'file-precision')),
      svg, legend, topList, warnings,
      el('div', { className: 'foot' },
        el('span', {}, `Estimated in your browser (${hw.runtime}, ${hw.precision}); nothing was uploaded.`),
        el('a', { href: PAGE_URL.href, target: '_blank', rel: 'noopener' }, 'WattLayer')));
    this.dispatchEvent(new CustomEvent('wattlayer-load', { detail: { report }, bubbles: true, composed: true }));
  }
}

if (!customElements.get('wattlayer-estimate')) customElements.define('wattlayer-estimate', WattLayerEstimate);
