// The per-layer table: sortable columns (buttons in the headers, aria-sort), a text filter over
// name, operator and category, grouping by category (collapsible row groups) and hiding layers
// that cost nothing.
import { formatBytes, formatCount, formatEnergy, formatPercent, formatShape, formatTime } from './format.js';
import { categoryLabel, categoryTotals, hasEnergy, isZeroCost } from './report.js';

const COLUMNS = [
  { key: 'index', label: '#', numeric: true, value: (l, i) => i },
  { key: 'name', label: 'Layer', value: (l) => l.name },
  { key: 'op', label: 'Operator', value: (l) => l.op },
  { key: 'category', label: 'Category', value: (l) => categoryLabel(l.category) },
  { key: 'energy_j', label: 'Energy', numeric: true, energy: true, value: (l) => l.energy_j ?? 0 },
  { key: 'share', label: 'Share', numeric: true, energy: true, sortable: false },
  { key: 'time_s', label: 'Time', numeric: true, energy: true, value: (l) => l.time_s ?? 0 },
  { key: 'flops', label: 'FLOPs', numeric: true, value: (l) => l.flops },
  { key: 'params', label: 'Params', numeric: true, value: (l) => l.params },
  { key: 'bytes_read', label: 'Read', numeric: true, value: (l) => l.bytes_read },
  { key: 'bytes_written', label: 'Written', numeric: true, value: (l) => l.bytes_written },
  { key: 'output', label: 'Output shape', sortable: false },
];
export const SORT_KEYS = COLUMNS.filter((c) => c.sortable !== false).map((c) => c.key);

function matches(layer, terms) {
  if (!terms.length) return true;
  const hay = `${layer.name}\n${layer.op}\n${layer.category}\n${categoryLabel(layer.category)}`.toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export class LayerTable {
  constructor(table, { onViewChange, count } = {}) {
    this.table = table;
    this.count = count;
    this.onViewChange = onViewChange;
    this.report = null;
    this.view = { sort: 'index', dir: 'asc', filter: '', group: false, hideZero: false };
    this.collapsed = new Set();
    table.addEventListener('click', (e) => this.#click(e));
  }

  setReport(report) {
    this.report = report;
    this.collapsed.clear();
    this.render();
  }

  setView(view) {
    Object.assign(this.view, view);
    if (this.report) this.render();
  }

  #columns() {
    return hasEnergy(this.report) ? COLUMNS : COLUMNS.filter((c) => !c.energy);
  }

  #header() {
    const tr = document.createElement('tr');
    for (const col of this.#columns()) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.dataset.key = col.key;
      if (col.numeric) th.className = 'num';
      if (col.sortable === false) {
        th.textContent = col.label;
      } else {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'sort';
        button.dataset.sort = col.key;
        button.textContent = col.label;
        const arrow = document.createElement('span');
        arrow.className = 'sort-arrow';
        arrow.setAttribute('aria-hidden', 'true');
        button.append(arrow);
        th.append(button);
        if (this.view.sort === col.key) th.setAttribute('aria-sort', this.view.dir === 'asc' ? 'ascending' : 'descending');
      }
      tr.append(th);
    }
    const thead = document.createElement('thead');
    thead.append(tr);
    return thead;
  }

  #row(layer, index, total, columns, maxEnergy) {
    const tr = document.createElement('tr');
    tr.id = `layer-${index}`;
    tr.className = `cat-${layer.category}${isZeroCost(layer) ? ' zero' : ''}`;
    for (const col of columns) {
      const cell = document.createElement(col.key === 'name' ? 'th' : 'td');
      if (col.key === 'name') cell.scope = 'row';
      if (col.numeric) cell.className = 'num';
      switch (col.key) {
        case 'index': cell.textContent = String(index + 1); break;
        case 'name': cell.textContent = layer.name; cell.className = 'layer-name'; cell.title = layer.name; break;
        case 'op': cell.textContent = layer.domain ? `${layer.domain}::${layer.op}` : layer.op; break;
        case 'category': {
          const swatch = document.createElement('span');
          swatch.className = `swatch cat-${layer.category}`;
          swatch.setAttribute('aria-hidden', 'true');
          cell.append(swatch, categoryLabel(layer.category));
          break;
        }
        case 'output': cell.textContent = layer.outputs.map(formatShape).join(', '); cell.className = 'shape'; break;
        case 'flops': cell.textContent = formatCount(layer.flops); cell.title = `${layer.flops} FLOPs`; break;
        case 'params': cell.textContent = formatCount(layer.params); cell.title = `${layer.params} parameters`; break;
        case 'bytes_read': cell.textContent = formatBytes(layer.bytes_read); cell.title = `${layer.bytes_read} bytes (${layer.weight_bytes} of weights)`; break;
        case 'bytes_written': cell.textContent = formatBytes(layer.bytes_written); cell.title = `${layer.bytes_written} bytes`; break;
        case 'energy_j': cell.textContent = formatEnergy(layer.energy_j); cell.title = `${layer.energy_j} J`; break;
        case 'share': {
          const share = total ? layer.energy_j / total : 0;
          cell.textContent = formatPercent(share);
          cell.classList.add('share');
          // a bar behind the figure, scaled so that the costliest layer fills the cell
          cell.style.setProperty('--share', String(maxEnergy ? layer.energy_j / maxEnergy : 0));
          break;
        }
        case 'time_s': cell.textContent = formatTime(layer.time_s); cell.title = `${layer.time_s} s`; break;
        default: break;
      }
      tr.append(cell);
    }
    return tr;
  }

  #sorted(entries) {
    const col = COLUMNS.find((c) => c.key === this.view.sort) ?? COLUMNS[0];
    const sign = this.view.dir === 'asc' ? 1 : -1;
    return entries.sort((a, b) => {
      const va = col.value(a.layer, a.index);
      const vb = col.value(b.layer, b.index);
      const d = col.numeric ? va - vb : String(va).localeCompare(String(vb));
      return d * sign || a.index - b.index;
    });
  }

  render() {
    const report = this.report;
    const columns = this.#columns();
    const total = hasEnergy(report) ? report.total.energy_j : 0;
    const maxEnergy = Math.max(0, ...report.layers.map((l) => l.energy_j ?? 0));
    const terms = this.view.filter.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = [];
    report.layers.forEach((layer, index) => {
      if (this.view.hideZero && isZeroCost(layer)) return;
      if (!matches(layer, terms)) return;
      shown.push({ layer, index });
    });
    this.#sorted(shown);

    const bodies = [];
    if (this.view.group) {
      const byCategory = new Map();
      for (const e of shown) {
        if (!byCategory.has(e.layer.category)) byCategory.set(e.layer.category, []);
        byCategory.get(e.layer.category).push(e);
      }
      for (const t of categoryTotals(report)) {
        const entries = byCategory.get(t.category);
        if (!entries) continue;
        const tbody = document.createElement('tbody');
        tbody.className = `group cat-${t.category}`;
        const head = document.createElement('tr');
        head.className = 'group-head';
        const th = document.createElement('th');
        th.scope = 'rowgroup';
        th.colSpan = columns.length;
        const open = !this.collapsed.has(t.category);
        const toggle = document.createElement('button');
        toggle.type = 'button';
        toggle.className = 'group-toggle';
        toggle.dataset.group = t.category;
        toggle.setAttribute('aria-expanded', String(open));
        const swatch = document.createElement('span');
        swatch.className = `swatch cat-${t.category}`;
        swatch.setAttribute('aria-hidden', 'true');
        const counted = entries.length === t.layers ? `${t.layers} layers` : `${entries.length} of ${t.layers} layers`;
        const energy = total ? ` · ${formatEnergy(t.energy_j)} · ${formatPercent(t.energy_j / total)}` : ` · ${formatCount(t.flops)} FLOPs`;
        toggle.append(swatch, `${categoryLabel(t.category)} · ${counted}${energy}`);
        th.append(toggle);
        head.append(th);
        tbody.append(head);
        if (open) for (const e of entries) tbody.append(this.#row(e.layer, e.index, total, columns, maxEnergy));
        bodies.push(tbody);
      }
    } else {
      const tbody = document.createElement('tbody');
      const fragment = document.createDocumentFragment();
      for (const e of shown) fragment.append(this.#row(e.layer, e.index, total, columns, maxEnergy));
      tbody.append(fragment);
      bodies.push(tbody);
    }
    const caption = document.createElement('caption');
    caption.className = 'visually-hidden';
    caption.textContent = `Layers of ${report.model.name}, sorted by ${COLUMNS.find((c) => c.key === this.view.sort)?.label ?? '#'} ${this.view.dir === 'asc' ? 'ascending' : 'descending'}`;
    this.table.replaceChildren(caption, this.#header(), ...bodies);
    if (this.count) {
      this.count.textContent = shown.length === report.layers.length
        ? `${report.layers.length} layers`
        : `${shown.length} of ${report.layers.length} layers shown`;
    }
  }

  /** Shows layer `index` (clearing a filter that hides it) and focuses its row. */
  reveal(index) {
    let row = this.table.querySelector(`#layer-${index}`);
    if (!row) {
      const layer = this.report.layers[index];
      this.collapsed.delete(layer.category);
      this.setView({ filter: '', hideZero: this.view.hideZero && !isZeroCost(layer) });
      this.onViewChange?.(this.view);
      row = this.table.querySelector(`#layer-${index}`);
    }
    if (!row) return;
    this.table.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    row.classList.add('selected');
    row.tabIndex = -1;
    row.scrollIntoView({ block: 'center' });
    row.focus({ preventScroll: true });
  }

  #click(event) {
    const sort = event.target.closest('button.sort');
    if (sort) {
      const key = sort.dataset.sort;
      const numericDefault = COLUMNS.find((c) => c.key === key)?.numeric && key !== 'index' ? 'desc' : 'asc';
      const dir = this.view.sort === key ? (this.view.dir === 'asc' ? 'desc' : 'asc') : numericDefault;
      this.setView({ sort: key, dir });
      this.onViewChange?.(this.view);
      this.table.querySelector(`button.sort[data-sort="${key}"]`)?.focus();
      return;
    }
    const toggle = event.target.closest('button.group-toggle');
    if (toggle) {
      const c = toggle.dataset.group;
      if (this.collapsed.has(c)) this.collapsed.delete(c);
      else this.collapsed.add(c);
      this.render();
      this.table.querySelector(`button.group-toggle[data-group="${c}"]`)?.focus();
    }
  }
}
