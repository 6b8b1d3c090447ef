// "Compare with an earlier version": the core's diff of an earlier file against the model on the
// page (wattlayer diff EARLIER CURRENT), drawn as the totals' table, the layer counts and the
// largest layer changes, with the core's Markdown to copy into a pull request.
import { el } from './compare.js';
import { formatCount, formatEnergy, formatPercent, formatTime } from './format.js';

const signed = (r) => (r == null ? 'new' : `${r > 0 ? '+' : ''}${formatPercent(r)}`);
const FIGURES = [
  ['energy_j', 'Energy per inference', (v) => formatEnergy(v)],
  ['time_s', 'Time per inference', (v) => formatTime(v)],
  ['flops', 'FLOPs', (v) => formatCount(v)],
  ['params', 'Parameters', (v) => formatCount(v)],
];
const MAX_LAYERS = 15;

/** The diff (the core's JSON) and its Markdown as a table, a line of counts and the largest layer changes. */
export function versionDiffView(diff, markdown) {
  const totals = el('table', { className: 'compare-table', dataset: { testid: 'version-diff' } },
    el('thead', {}, el('tr', {}, ...['', 'Earlier', 'This file', 'Change'].map((h, i) => el('th', { scope: 'col', className: i ? 'num' : '' }, h)))),
    el('tbody', {}, ...FIGURES.map(([key, label, format]) => {
      const c = diff.total[key];
      return el('tr', { dataset: { figure: key, before: String(c.before), after: String(c.after) } },
        el('th', { scope: 'row' }, label),
        el('td', { className: 'num', title: String(c.before) }, format(c.before)),
        el('td', { className: 'num', title: String(c.after) }, format(c.after)),
        el('td', { className: 'num', dataset: { relative: String(c.relative) } }, signed(c.relative)));
    })));
  const n = diff.layer_counts;
  const counts = el('p', { className: 'hint', dataset: { testid: 'version-diff-counts' } },
    `Layers ${n.before} → ${n.after}: ${n.changed} changed, ${n.added} added, ${n.removed} removed (matched by name).`);
  const rows = diff.layers.slice(0, MAX_LAYERS).map((l) => el('tr', { dataset: { testid: 'version-diff-layer', change: l.change } },
    el('td', { className: 'mono', title: l.name }, l.name),
    el('td', {}, l.op),
    el('td', {}, l.change),
    el('td', { className: 'num' }, l.change === 'added' ? '–' : formatEnergy(l.energy_j.before)),
    el('td', { className: 'num' }, l.change === 'removed' ? '–' : formatEnergy(l.energy_j.after))));
  const layers = rows.length
    ? el('table', { className: 'compare-table' },
      el('thead', {}, el('tr', {}, ...['Layer', 'Operator', 'Change', 'Energy before', 'Energy after'].map((h, i) => el('th', { scope: 'col', className: i >= 3 ? 'num' : '' }, h)))),
      el('tbody', {}, ...rows))
    : el('p', { className: 'hint' }, 'No layer changed.');
  const text = el('textarea', { readOnly: true, rows: 8, spellcheck: false, id: 'version-diff-markdown', value: markdown });
  const copy = el('button', { type: 'button', className: 'link-button', dataset: { copy: 'version-diff-markdown' } }, 'Copy');
  const md = el('div', { className: 'field' }, el('label', { htmlFor: 'version-diff-markdown' }, 'Markdown for a pull request ', copy), text);
  return [totals, counts, layers, md];
}
