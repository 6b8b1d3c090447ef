// Comparisons of the model on the page: on every GPU profile and precision, and against the batch
// size. Each row or point is one estimate by the core (the worker keeps the model's graph, so
// each costs milliseconds); this file runs them in turn and draws a table with bars, or a curve.
import { formatEnergy, formatTime } from './format.js';
import { perSample } from './report.js';

const SVG = 'http://www.w3.org/2000/svg';
export const CURVE_BATCHES = [1, 2, 4, 8, 16, 32, 64];

/** An element with properties (dataset merged, unknown names as attributes) and children. */
export function el(name, props = {}, ...children) {
  const e = document.createElement(name);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

function svgEl(name, attrs = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

/**
 * The model on every profile (`profiles`: the core's hardware list), in turn; `estimate(options)`
 * runs one. Resolves with a row per profile, cheapest first; `onRow` sees each as it lands.
 */
export async function everyProfile(estimate, profiles, onRow = () => {}) {
  const rows = [];
  for (const p of profiles) {
    const { report } = await estimate({ hardware: p.id.replace(/-(fp16|bf16)$/, ''), precision: p.precision });
    const row = { id: p.id, name: p.name, precision: p.precision, measured: p.source === 'measured', ...perSample(report) };
    rows.push(row);
    onRow(row);
  }
  return rows.sort((a, b) => a.energy - b.energy);
}

/** The model at each batch size of `batches`, in turn: a point per batch. */
export async function batchCurve(estimate, batches = CURVE_BATCHES) {
  const points = [];
  for (const batch of batches) {
    const { report } = await estimate({ batch });
    points.push({ batch: report.batch, ...perSample(report) });
  }
  return points;
}

/** A table of the profiles' rows (energy per sample drawn as a bar), unvalidated ones marked. */
export function profileTable(rows) {
  const max = Math.max(...rows.map((r) => r.energy), 0) || 1;
  const head = el('tr', {}, ...['GPU', 'Precision', 'Energy per sample', 'Time per sample', 'Interval', 'Source'].map((h, i) =>
    el('th', { scope: 'col', className: i >= 2 && i <= 3 ? 'num' : '' }, h)));
  const body = rows.map((r) => {
    const bar = el('span', { className: 'bar-fill' });
    bar.style.setProperty('--share', String(r.energy / max));
    const energy = el('td', { className: 'num bar-cell', title: `${r.energy} J`, dataset: { joules: String(r.energy) } }, bar, el('span', { className: 'bar-label' }, formatEnergy(r.energy)));
    return el('tr', { dataset: { testid: 'profile-row', profile: r.id } },
      el('th', { scope: 'row' }, r.name),
      el('td', {}, r.precision),
      energy,
      el('td', { className: 'num', title: `${r.time} s` }, formatTime(r.time)),
      el('td', {}, `${formatEnergy(r.low, 3)} – ${formatEnergy(r.high, 3)}`),
      el('td', { className: r.measured ? '' : 'unvalidated' }, r.measured ? 'measured' : 'transferred, not validated'));
  });
  return el('table', { className: 'compare-table', dataset: { testid: 'profile-table' } }, el('thead', {}, head), el('tbody', {}, ...body));
}

/** Energy per sample against the batch size: a line on log-2 batch, its points labelled. */
export function batchCurveChart(points, width = 640) {
  const height = 220;
  const m = { left: 72, right: 20, top: 14, bottom: 36 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const max = Math.max(...points.map((p) => p.energy), 0) || 1;
  const lb = points.map((p) => Math.log2(p.batch));
  const span = Math.max(lb[lb.length - 1] - lb[0], 1);
  const x = (i) => m.left + ((lb[i] - lb[0]) / span) * plotW;
  const y = (e) => m.top + plotH * (1 - e / max);
  const svg = svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'batch-curve', 'data-testid': 'batch-curve' });
  svg.append(svgEl('title', {}, `Energy per sample against batch size: ${points.map((p) => `${p.batch}: ${formatEnergy(p.energy)}`).join(', ')}`));
  for (const f of [0, 0.5, 1]) {
    svg.append(svgEl('line', { x1: m.left, x2: m.left + plotW, y1: y(max * f), y2: y(max * f), class: 'grid-line' }));
    svg.append(svgEl('text', { x: m.left - 6, y: y(max * f) + 4, class: 'axis-label', 'text-anchor': 'end' }, formatEnergy(max * f, 3)));
  }
  svg.append(svgEl('polyline', { points: points.map((p, i) => `${x(i).toFixed(1)},${y(p.energy).toFixed(1)}`).join(' '), class: 'curve' }));
  points.forEach((p, i) => {
    const dot = svgEl('circle', { cx: x(i).toFixed(1), cy: y(p.energy).toFixed(1), r: 3.5, class: 'curve-point', 'data-batch': p.batch, 'data-joules': String(p.energy) });
    dot.append(svgEl('title', {}, `batch ${p.batch}: ${formatEnergy(p.energy)} per sample, ${formatTime(p.time)}`));
    svg.append(dot);
    svg.append(svgEl('text', { x: x(i).toFixed(1), y: height - m.bottom + 16, class: 'axis-label', 'text-anchor': 'middle' }, String(p.batch)));
  });
  svg.append(svgEl('text', { x: m.left + plotW / 2, y: height - 2, class: 'axis-title', 'text-anchor': 'middle' }, 'batch size (energy per sample)'));
  return svg;
}
