// Charts as inline SVG (no library, no inline style attributes, so a strict CSP allows them):
// the energy of each layer along the depth of the network, and the share of each category.
// Colours come from CSS classes (cat-<category>) so that both themes restyle them.
import { formatEnergy, formatPercent } from './format.js';
import { categoryLabel } from './report.js';

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (and text). */
export function svgEl(name, attrs = {}, text) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text != null) el.textContent = text;
  return el;
}

/** A coordinate with two decimals at most, for compact SVG. */
export const fixed = (v) => (Math.round(v * 100) / 100).toString();

// The index of the largest value (a loop: spreading 100,000 values into Math.max overflows the stack).
function indexOfMax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Energy per layer along the depth of the network (bars coloured by category) with the running
 * share of the total. Keyboard: arrows, PageUp/PageDown, Home/End move the cursor; Enter selects.
 */
export class DepthChart {
  constructor(host, { onSelect } = {}) {
    this.host = host;
    this.onSelect = onSelect;
    this.report = null;
    this.cursor = -1;
    host.classList.add('depth-chart');
    this.figure = document.createElement('div');
    this.figure.className = 'chart-surface';
    this.figure.tabIndex = 0;
    this.figure.setAttribute('role', 'group');
    this.readout = document.createElement('p');
    this.readout.className = 'chart-readout';
    this.readout.id = `${host.id || 'depth'}-readout`;
    this.readout.setAttribute('aria-live', 'polite');
    this.figure.setAttribute('aria-describedby', this.readout.id);
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'chart-tooltip';
    this.tooltip.hidden = true;
    host.replaceChildren(this.figure, this.readout);
    this.figure.append(this.tooltip);
    this.figure.addEventListener('keydown', (e) => this.#key(e));
    this.figure.addEventListener('blur', () => this.#hideTooltip());
    new ResizeObserver(() => this.report && this.render()).observe(host);
  }

  setReport(report) {
    this.report = report;
    this.cursor = -1;
    this.render();
  }

  get #energies() {
    return this.report.layers.map((l) => l.energy_j ?? 0);
  }

  render() {
    const report = this.report;
    const width = Math.max(this.host.clientWidth, 320);
    const height = 230;
    const m = { left: 70, right: 48, top: 14, bottom: 34 };
    const plotW = width - m.left - m.right;
    const plotH = height - m.top - m.bottom;
    const n = report.layers.length;
    const energies = this.#energies;
    const top = indexOfMax(energies);
    const max = energies[top] || 1;
    const step = plotW / Math.max(n, 1);
    this.geometry = { m, plotW, plotH, step, n, width, height };

    const svg = svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true', focusable: 'false' });
    // grid and axes
    const grid = svgEl('g', { class: 'grid' });
    for (const f of [0, 0.5, 1]) {
      const y = m.top + plotH * (1 - f);
      grid.append(svgEl('line', { x1: m.left, x2: m.left + plotW, y1: fixed(y), y2: fixed(y) }));
      grid.append(svgEl('text', { x: m.left - 6, y: fixed(y + 4), class: 'axis-label', 'text-anchor': 'end' }, formatEnergy(max * f, 3)));
      grid.append(svgEl('text', { x: m.left + plotW + 6, y: fixed(y + 4), class: 'axis-label cumulative-label' }, `${Math.round(f * 100)} %`));
    }
    svg.append(grid);

    // One bar per layer, or per pixel column when there are more layers than columns (the
    // costliest layer of the column, in its colour): one path per category either way.
    const columns = Math.min(n, Math.max(1, Math.floor(plotW)));
    const binOf = (i) => Math.floor((i * columns) / n);
    const peak = new Float64Array(columns);
    const peakLayer = new Int32Array(columns).fill(-1);
    const runningAtEnd = new Float64Array(columns);
    const sum = energies.reduce((a, b) => a + b, 0) || 1;
    let running = 0;
    energies.forEach((e, i) => {
      const b = binOf(i);
      if (e > peak[b]) { peak[b] = e; peakLayer[b] = i; }
      running += e;
      runningAtEnd[b] = running;
    });
    const binW = plotW / columns;
    const barW = Math.max(binW * 0.8, Math.min(binW, 1));
    const paths = new Map();
    for (let b = 0; b < columns; b += 1) {
      if (peakLayer[b] < 0) continue;
      const h = Math.max((peak[b] / max) * plotH, 0.75);
      const x = m.left + b * binW + (binW - barW) / 2;
      const c = report.layers[peakLayer[b]].category;
      paths.set(c, (paths.get(c) ?? '') + `M${fixed(x)} ${fixed(m.top + plotH - h)}h${fixed(barW)}v${fixed(h)}h${fixed(-barW)}z`);
    }
    for (const [c, d] of paths) svg.append(svgEl('path', { d, class: `bar cat-${c}` }));

    // running share of the total energy of the layers (overhead excluded), a display sum
    const points = [`${fixed(m.left)},${fixed(m.top + plotH)}`];
    for (let b = 0; b < columns; b += 1) points.push(`${fixed(m.left + (b + 1) * binW)},${fixed(m.top + plotH * (1 - runningAtEnd[b] / sum))}`);
    svg.append(svgEl('polyline', { points: points.join(' '), class: 'cumulative' }));

    // x axis
    const axis = svgEl('g', { class: 'x-axis' });
    axis.append(svgEl('line', { x1: m.left, x2: m.left + plotW, y1: m.top + plotH, y2: m.top + plotH }));
    const ticks = n <= 1 ? [0] : [0, Math.round((n - 1) / 4), Math.round((n - 1) / 2), Math.round((3 * (n - 1)) / 4), n - 1];
    for (const t of [...new Set(ticks)]) {
      const x = m.left + (t + 0.5) * step;
      axis.append(svgEl('line', { x1: fixed(x), x2: fixed(x), y1: m.top + plotH, y2: m.top + plotH + 4 }));
      axis.append(svgEl('text', { x: fixed(x), y: m.top + plotH + 16, class: 'axis-label', 'text-anchor': 'middle' }, String(t + 1)));
    }
    axis.append(svgEl('text', { x: m.left + plotW / 2, y: height - 2, class: 'axis-title', 'text-anchor': 'middle' }, 'layer, in execution order'));
    svg.append(axis);

    this.cursorMark = svgEl('rect', { class: 'cursor', x: 0, y: m.top, width: Math.max(step, 2), height: plotH, visibility: 'hidden' });
    svg.append(this.cursorMark);
    svg.addEventListener('pointermove', (e) => this.#pointer(e, false));
    svg.addEventListener('pointerleave', () => { if (document.activeElement !== this.figure) this.#hideTooltip(); });
    svg.addEventListener('click', (e) => this.#pointer(e, true));

    this.svg?.remove();
    this.svg = svg;
    this.figure.prepend(svg);
    this.figure.setAttribute('aria-label',
      `Energy of each of ${n} layers in execution order. The costliest is layer ${top + 1}, ${report.layers[top]?.name}, ` +
      `${formatEnergy(energies[top])}. Use the arrow keys to read the layers one by one, Enter to show one in the table.`);
    if (this.cursor >= 0) this.#moveTo(this.cursor, false);
    else this.readout.textContent = `Costliest layer: ${this.#describe(top)}. Point at a bar or focus the chart and use the arrow keys.`;
  }

  #describe(i) {
    const l = this.report.layers[i];
    if (!l) return '';
    const total = this.report.total.energy_j;
    const share = total ? ` (${formatPercent((l.energy_j ?? 0) / total)} of the total)` : '';
    return `layer ${i + 1} of ${this.report.layers.length}, ${l.name} (${l.op}, ${categoryLabel(l.category)}): ${formatEnergy(l.energy_j ?? 0)}${share}`;
  }

  #indexAt(clientX) {
    const { m, step, n } = this.geometry;
    const box = this.svg.getBoundingClientRect();
    const i = Math.floor((clientX - box.left - m.left) / step);
    return i >= 0 && i < n ? i : -1;
  }

  #pointer(event, select) {
    const i = this.#indexAt(event.clientX);
    if (i < 0) return;
    this.#moveTo(i, true);
    if (select) this.onSelect?.(i);
  }

  #moveTo(i, announce) {
    this.cursor = i;
    const { m, step } = this.geometry;
    const x = m.left + i * step;
    this.cursorMark.setAttribute('x', fixed(x - Math.max(0, (2 - step) / 2)));
    this.cursorMark.setAttribute('visibility', 'visible');
    const text = this.#describe(i);
    if (announce) this.readout.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    this.tooltip.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    this.tooltip.hidden = false;
    const left = Math.min(Math.max(x - 120, 0), this.geometry.width - 260);
    this.tooltip.style.setProperty('--x', `${left}px`);
  }

  #hideTooltip() {
    this.tooltip.hidden = true;
    this.cursorMark?.setAttribute('visibility', 'hidden');
  }

  #key(event) {
    if (!this.report) return;
    const n = this.report.layers.length;
    const moves = { ArrowRight: 1, ArrowLeft: -1, PageDown: 10, PageUp: -10 };
    let i = this.cursor < 0 ? 0 : this.cursor;
    if (event.key in moves) i = Math.min(Math.max(i + moves[event.key], 0), n - 1);
    else if (event.key === 'Home') i = 0;
    else if (event.key === 'End') i = n - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      if (this.cursor >= 0) this.onSelect?.(this.cursor);
      event.preventDefault();
      return;
    } else if (event.key === 'Escape') {
      this.#hideTooltip();
      return;
    } else return;
    event.preventDefault();
    this.#moveTo(i, true);
  }
}

/** Horizontal bars: the energy of each category (and the framework overhead) with its share. */
export function renderCategoryChart(host, totals, totalEnergy) {
  const width = Math.max(host.clientWidth, 300);
  const row = 28;
  const labelW = 140;
  const valueW = 112; // room for "1.04 J · 70.4 %" after the longest bar
  const height = totals.length * row + 6;
  const barMax = width - labelW - valueW;
  const max = Math.max(...totals.map((t) => t.energy_j), 0) || 1;
  const svg = svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  const spoken = [];
  totals.forEach((t, i) => {
    const y = 3 + i * row;
    const share = totalEnergy ? t.energy_j / totalEnergy : 0;
    const label = categoryLabel(t.category);
    const w = Math.max((t.energy_j / max) * barMax, 1);
    svg.append(svgEl('text', { x: labelW - 8, y: y + row / 2 + 4, class: 'bar-label', 'text-anchor': 'end' }, label));
    svg.append(svgEl('rect', { x: labelW, y: y + 5, width: fixed(w), height: row - 10, rx: 2, class: `bar cat-${t.category}` }));
    svg.append(svgEl('text', { x: fixed(labelW + w + 6), y: y + row / 2 + 4, class: 'bar-value' }, `${formatEnergy(t.energy_j, 3)} · ${formatPercent(share)}`));
    spoken.push(`${label} ${formatPercent(share)}`);
  });
  svg.setAttribute('aria-label', `Share of energy by category: ${spoken.join(', ')}`);
  host.replaceChildren(svg);
}
