// The per-layer table: sortable columns (buttons in the headers, aria-sort), a text filter over
// name, operator and category, grouping by category or by module path (collapsible rows with
// their sums) and hiding layers that cost nothing. Only the rows in sight are in the page: the
// scroll box holds a spacer above and below them, so that 20,000 layers draw as fast as 50
// (layer_view.js computes which rows there are; this file draws the ones visible). The columns are
// the fields the report's layers have: a decode step's layers (generation.js) have fewer.
import { formatBytes, formatCount, formatEnergy, formatPercent, formatShape, formatTime } from './format.js';
import { categoryLabel, hasEnergy, isZeroCost } from './report.js';
import { LayerView, SORT_VALUES } from './layer_view.js';

// `field`: the layer field a column needs (shown when the first layer has it); `optional`: a
// column a report without layers leaves out.
const COLUMNS = [
  { key: 'index', label: '#', numeric: true },
  { key: 'name', label: 'Layer' },
  { key: 'op', label: 'Operator' },
  { key: 'category', label: 'Category', field: 'category' },
  { key: 'energy_j', label: 'Energy', numeric: true, energy: true },
  { key: 'share', label: 'Share', numeric: true, energy: true, sortable: false },
  { key: 'time_s', label: 'Time', numeric: true, energy: true },
  { key: 'flops', label: 'FLOPs', numeric: true },
  { key: 'params', label: 'Params', numeric: true, field: 'params' },
  { key: 'bytes_read', label: 'Read', numeric: true, field: 'bytes_read' },
  { key: 'bytes_written', label: 'Written', numeric: true, field: 'bytes_written' },
  { key: 'bytes', label: 'Bytes', numeric: true, field: 'bytes', optional: true },
  { key: 'output', label: 'Output shape', sortable: false, field: 'outputs' },
];
export const SORT_KEYS = COLUMNS.filter((c) => c.sortable !== false).map((c) => c.key);
export const GROUPS = ['none', 'category', 'module'];

const ROW_HEIGHT = 31; // px, as styles.css draws a row (tbody tr); measured again once per report
const OVERSCAN = 12;   // rows drawn beyond each edge of the box, so that a scroll shows no gap

export class LayerTable {
  constructor(table, { onViewChange, count, scroller } = {}) {
    this.table = table;
    this.count = count;
    this.scroller = scroller ?? table.parentElement;
    this.onViewChange = onViewChange;
    this.report = null;
    this.view = { sort: 'index', dir: 'asc', filter: '', group: 'none', hideZero: false };
    this.closedCategories = new Set();
    this.openModules = null;
    this.rows = [];
    this.rowHeight = ROW_HEIGHT;
    this.drawn = null; // [first, last) of the rows in the page
    this.body = document.createElement('tbody');
    table.addEventListener('click', (e) => this.#click(e));
    this.scroller.addEventListener('scroll', () => this.#scheduleDraw(), { passive: true });
    new ResizeObserver(() => this.#scheduleDraw()).observe(this.scroller);
  }

  setReport(report) {
    this.report = report;
    this.layerView = new LayerView(report);
    this.closedCategories.clear();
    this.openModules = null; // set when first grouped by module: the tree is built then
    this.rowHeight = ROW_HEIGHT;
    this.measured = false;
    this.selected = undefined; // an index into the previous report's layers
    this.scroller.scrollTop = 0;
    this.render();
  }

  setView(view) {
    Object.assign(this.view, view);
    if (this.report) this.render();
  }

  #columns() {
    const first = this.report.layers[0];
    const has = (c) => !c.field || (first ? c.field in first : !c.optional);
    return COLUMNS.filter((c) => (!c.energy || hasEnergy(this.report)) && has(c));
  }

  /** Builds the rows for the view and draws those in sight. */
  render() {
    const report = this.report;
    this.columns = this.#columns();
    this.total = hasEnergy(report) ? report.total.energy_j : 0;
    this.maxEnergy = report.layers.reduce((m, l) => Math.max(m, l.energy_j ?? 0), 0);
    if (this.view.group === 'module') this.openModules ??= this.layerView.defaultOpenModules();
    this.rows = this.layerView.rows(this.view, { closed: this.closedCategories, open: this.openModules ?? new Set() });
    const caption = document.createElement('caption');
    caption.className = 'visually-hidden';
    const sortLabel = COLUMNS.find((c) => c.key === this.view.sort)?.label ?? '#';
    caption.textContent = `Layers of ${report.model.name}, sorted by ${sortLabel} ${this.view.dir === 'asc' ? 'ascending' : 'descending'}`;
    this.table.replaceChildren(caption, this.#colgroup(), this.#header(), this.body);
    this.table.setAttribute('aria-rowcount', String(this.rows.length + 1));
    this.table.dataset.rows = String(this.rows.length);
    this.table.dataset.groups = String(this.rows.reduce((n, r) => n + (r.group ? 1 : 0), 0));
    this.drawn = null;
    this.#draw();
    if (this.count) {
      const layers = report.layers.length;
      const shown = this.view.filter || this.view.hideZero ? this.#matches() : layers;
      this.count.textContent = shown === layers ? `${layers} layers` : `${shown} of ${layers} layers shown`;
    }
  }

  // Layers that pass the filter and the zero-cost switch, whether or not their group is folded.
  #matches() {
    if (this.view.group === 'none') return this.rows.length;
    return this.layerView.rows({ ...this.view, group: 'none' }).length;
  }

  #colgroup() {
    const colgroup = document.createElement('colgroup');
    for (const c of this.columns) {
      const col = document.createElement('col');
      col.className = `c-${c.key}`;
      colgroup.append(col);
    }
    return colgroup;
  }

  #header() {
    const tr = document.createElement('tr');
    tr.setAttribute('aria-rowindex', '1');
    for (const col of this.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.dataset.key = col.key;
      th.className = `c-${col.key}${col.numeric ? ' num' : ''}`;
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

  #scheduleDraw() {
    if (this.pending || !this.report) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.#draw();
    });
  }

  // The rows in sight (and a margin), between two spacers that keep the scroll height.
  #draw() {
    const h = this.rowHeight;
    const top = Math.max(0, this.scroller.scrollTop - h); // the sticky header takes about a row
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + this.scroller.clientHeight) / h) + OVERSCAN);
    if (this.drawn && this.drawn[0] === first && this.drawn[1] === last) return;
    this.drawn = [first, last];
    const fragment = document.createDocumentFragment();
    fragment.append(this.#spacer(first * h));
    for (let r = first; r < last; r += 1) fragment.append(this.#row(this.rows[r], r));
    fragment.append(this.#spacer((this.rows.length - last) * h));
    this.body.replaceChildren(fragment);
    if (!this.measured && last > first) {
      // One layout read per report: the height a row really has at this font size.
      this.measured = true;
      const real = this.body.children[1].getBoundingClientRect().height;
      if (real > 0 && Math.abs(real - h) > 0.5) {
        this.rowHeight = real;
        this.drawn = null;
        this.#draw();
      }
    }
  }

  #spacer(height) {
    const tr = document.createElement('tr');
    tr.className = 'spacer';
    tr.setAttribute('aria-hidden', 'true');
    tr.style.height = `${height}px`;
    return tr;
  }

  #row(row, position) {
    return row.group ? this.#groupRow(row, position) : this.#layerRow(row, position);
  }

  #layerRow({ layer: index, depth }, position) {
    const layer = this.report.layers[index];
    const tr = document.createElement('tr');
    tr.id = `layer-${index}`;
    tr.setAttribute('aria-rowindex', String(position + 2));
    tr.className = `${layer.category ? `cat-${layer.category}` : ''}${isZeroCost(layer) ? ' zero' : ''}${index === this.selected ? ' selected' : ''}`.trim();
    for (const col of this.columns) {
      const cell = document.createElement(col.key === 'name' ? 'th' : 'td');
      cell.className = `c-${col.key}${col.numeric ? ' num' : ''}`;
      switch (col.key) {
        case 'index': cell.textContent = String(index + 1); break;
        case 'name':
          cell.scope = 'row';
          cell.textContent = this.view.group === 'module' ? layer.name.split('/').filter(Boolean).pop() ?? layer.name : layer.name;
          cell.title = layer.name;
          if (depth) cell.style.paddingLeft = `${10 + 16 * depth}px`;
          break;
        case 'op': cell.textContent = layer.domain ? `${layer.domain}::${layer.op}` : layer.op; break;
        case 'category': cell.append(swatch(layer.category), categoryLabel(layer.category)); break;
        case 'output': cell.textContent = layer.outputs.map(formatShape).join(', '); break;
        default: this.#figure(cell, col.key, layer); break;
      }
      tr.append(cell);
    }
    return tr;
  }

  // A category's or a module's row: a toggle with its name and layer count, and its sums.
  #groupRow(g, position) {
    const tr = document.createElement('tr');
    tr.className = `group-head${g.category ? ` cat-${g.category}` : ''}`;
    tr.setAttribute('aria-rowindex', String(position + 2));
    for (const col of this.columns) {
      const cell = document.createElement(col.key === 'name' ? 'th' : 'td');
      cell.className = `c-${col.key}${col.numeric ? ' num' : ''}`;
      if (col.key === 'name') {
        cell.scope = 'rowgroup';
        if (g.depth) cell.style.paddingLeft = `${16 * g.depth}px`;
        const toggle = document.createElement('button');
        toggle.type = 'button';
        toggle.className = 'group-toggle';
        toggle.dataset.group = g.group;
        toggle.setAttribute('aria-expanded', String(g.open));
        const counted = g.shown === g.layers ? `${g.layers}` : `${g.shown} of ${g.layers}`;
        toggle.title = `${g.label}: ${counted} layers`;
        if (g.category) toggle.append(swatch(g.category));
        toggle.append(`${g.label} `, Object.assign(document.createElement('small'), { textContent: `${counted} layer${g.layers > 1 ? 's' : ''}` }));
        cell.append(toggle);
      } else if (col.key === 'index') {
        cell.textContent = '';
      } else if (SORT_VALUES[col.key]?.numeric || col.key === 'share') {
        this.#figure(cell, col.key, g);
      }
      tr.append(cell);
    }
    return tr;
  }

  // A figure cell of a layer or a group's sums: the formatted value, the exact one in its title.
  #figure(cell, key, x) {
    switch (key) {
      case 'flops': cell.textContent = formatCount(x.flops); cell.title = `${x.flops} FLOPs`; break;
      case 'params': cell.textContent = formatCount(x.params); cell.title = `${x.params} parameters`; break;
      case 'bytes_read': cell.textContent = formatBytes(x.bytes_read); cell.title = `${x.bytes_read} bytes${x.weight_bytes != null ? ` (${x.weight_bytes} of weights)` : ''}`; break;
      case 'bytes_written': cell.textContent = formatBytes(x.bytes_written); cell.title = `${x.bytes_written} bytes`; break;
      case 'bytes': cell.textContent = formatBytes(x.bytes); cell.title = `${x.bytes} bytes read and written`; break;
      case 'energy_j': cell.textContent = formatEnergy(x.energy_j); cell.title = `${x.energy_j} J`; break;
      case 'time_s': cell.textContent = formatTime(x.time_s); cell.title = `${x.time_s} s`; break;
      case 'share': {
        const share = this.total ? x.energy_j / this.total : 0;
        cell.textContent = formatPercent(share);
        cell.classList.add('share');
        // a bar behind the figure, scaled so that the costliest layer fills the cell
        if (!x.group) cell.style.setProperty('--share', String(this.maxEnergy ? Math.min(1, x.energy_j / this.maxEnergy) : 0));
        break;
      }
      default: break;
    }
  }

  /** Shows layer `index` (unfolding its group, clearing a filter that hides it) and focuses its row. */
  reveal(index) {
    let position = this.rows.findIndex((r) => r.layer === index);
    if (position < 0) {
      for (const key of this.layerView.groupsOf(index)) {
        this.closedCategories.delete(key);
        if (key.startsWith('module:')) (this.openModules ??= this.layerView.defaultOpenModules()).add(key);
      }
      const layer = this.report.layers[index];
      Object.assign(this.view, { filter: '', hideZero: this.view.hideZero && !isZeroCost(layer) });
      this.render();
      this.onViewChange?.(this.view);
      position = this.rows.findIndex((r) => r.layer === index);
    }
    if (position < 0) return;
    this.selected = index;
    this.scroller.scrollIntoView({ block: 'nearest' });
    this.scroller.scrollTop = Math.max(0, (position + 1) * this.rowHeight - this.scroller.clientHeight / 2);
    this.drawn = null;
    this.#draw();
    const row = this.table.querySelector(`#layer-${index}`);
    if (!row) return;
    row.classList.add('selected');
    row.tabIndex = -1;
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
      const key = toggle.dataset.group;
      const set = key.startsWith('module:') ? this.openModules : this.closedCategories;
      if (set.has(key)) set.delete(key);
      else set.add(key);
      this.render();
      this.table.querySelector(`button.group-toggle[data-group="${CSS.escape(key)}"]`)?.focus();
    }
  }
}

function swatch(category) {
  const s = document.createElement('span');
  s.className = `swatch cat-${category}`;
  s.setAttribute('aria-hidden', 'true');
  return s;
}
