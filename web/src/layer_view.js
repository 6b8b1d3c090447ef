// What the layer table shows, as one flat list of rows: the layers that pass the filter, sorted,
// and, when grouped, under a header row per category or per module path (a collapsible tree of
// the names' "/"-separated prefixes: "/layer1/layer1.0/conv1/Conv" sits in layer1 > layer1.0 >
// conv1). Plain data, no DOM: table.js draws the few rows in sight. Everything per layer that a
// view needs (the text the filter searches, the sort keys) is computed once per report, so that
// sorting, filtering and grouping 20,000 layers take milliseconds. A report whose layers carry
// fewer fields (a decode step's: no category, params or shapes; bytes as one figure) gets the
// views those fields allow: no category groups, and a column it lacks sorts in layer order.
import { categoryLabel, isZeroCost } from './report.js';

/** The columns that sort, with the value each sorts by: numbers, or text compared as such. */
export const SORT_VALUES = {
  index: { numeric: true, of: (l, i) => i },
  name: { of: (l) => l.name },
  op: { of: (l) => (l.domain ? `${l.domain}::${l.op}` : l.op) },
  category: { of: (l) => categoryLabel(l.category) },
  energy_j: { numeric: true, of: (l) => l.energy_j ?? 0 },
  time_s: { numeric: true, of: (l) => l.time_s ?? 0 },
  flops: { numeric: true, of: (l) => l.flops },
  params: { numeric: true, of: (l) => l.params },
  bytes_read: { numeric: true, of: (l) => l.bytes_read },
  bytes_written: { numeric: true, of: (l) => l.bytes_written },
  bytes: { numeric: true, of: (l) => l.bytes },
};

// The figures a group row sums over its layers.
const SUMMED = ['energy_j', 'time_s', 'flops', 'params', 'bytes_read', 'bytes_written', 'bytes'];

/** A layer's module path: its name's "/"-separated prefixes ("Loop_3/0/Resize" is in Loop_3 > 0). */
export function modulePath(name) {
  const parts = name.split('/').filter(Boolean);
  return parts.slice(0, -1);
}

// A group row: a category or a module, with its layers' sums.
function group(key, label, depth) {
  const g = { group: key, label, depth, layers: 0, shown: 0, first: Infinity, children: [], open: true };
  for (const k of SUMMED) g[k] = 0;
  return g;
}

function add(g, layer, index) {
  g.layers += 1;
  g.first = Math.min(g.first, index);
  for (const k of SUMMED) g[k] += layer[k] ?? 0;
}

export class LayerView {
  constructor(report) {
    this.layers = report.layers;
    this.zero = this.layers.map(isZeroCost);
    this.keys = new Map(); // sort column -> Float64Array of each layer's rank or value
    this.collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    this.hasCategories = this.layers.every((l) => l.category != null);
    this.categories = this.hasCategories ? this.#categories() : [];
  }

  // Built when first asked: a report shown without a filter or a module grouping never pays for them.
  get text() {
    this._text ??= this.layers.map((l) => (l.category != null ? `${l.name}\n${l.op}\n${l.category}\n${categoryLabel(l.category)}` : `${l.name}\n${l.op}`).toLowerCase());
    return this._text;
  }

  get modules() {
    this._modules ??= this.#modules();
    return this._modules;
  }

  // Numbers to sort by: the value itself, or the rank of the text (sorted once per column).
  #key(column) {
    let key = this.keys.get(column);
    if (key) return key;
    let spec = SORT_VALUES[column] ?? SORT_VALUES.index;
    let values = this.layers.map(spec.of);
    if (values.some((v) => v === undefined)) { // a field these layers lack: layer order
      spec = SORT_VALUES.index;
      values = this.layers.map(spec.of);
    }
    if (spec.numeric) {
      key = Float64Array.from(values);
    } else {
      const distinct = [...new Set(values)].sort(this.collator.compare);
      const rank = new Map(distinct.map((v, i) => [v, i]));
      key = Float64Array.from(values, (v) => rank.get(v));
    }
    this.keys.set(column, key);
    return key;
  }

  #categories() {
    const byCategory = new Map();
    this.layers.forEach((l, i) => {
      if (!byCategory.has(l.category)) byCategory.set(l.category, group(`category:${l.category}`, categoryLabel(l.category), 0));
      const g = byCategory.get(l.category);
      g.category = l.category;
      add(g, l, i);
      g.children.push(i);
    });
    return [...byCategory.values()].sort((a, b) => b.energy_j - a.energy_j || b.flops - a.flops);
  }

  // The module tree: a node per distinct path prefix, its children the sub-modules and the layers
  // directly in it. Its root (depth -1) is never drawn.
  #modules() {
    const root = group('module:', '', -1);
    const nodes = new Map([['', root]]);
    this.layers.forEach((l, i) => {
      let node = root;
      add(root, l, i);
      let key = '';
      for (const part of modulePath(l.name)) {
        key += `/${part}`;
        let child = nodes.get(key);
        if (!child) {
          child = group(`module:${key}`, part, node.depth + 1);
          nodes.set(key, child);
          node.children.push(child);
        }
        add(child, l, i);
        node = child;
      }
      node.children.push(i);
    });
    return root;
  }

  /** True when the names form a tree worth grouping by (some layer sits in a module). */
  get hasModules() {
    return this.modules.children.some((c) => typeof c !== 'number');
  }

  /** The keys of the modules open at first: the path down while a module has a single child module. */
  defaultOpenModules() {
    const open = new Set();
    let node = this.modules;
    for (;;) {
      const subs = node.children.filter((c) => typeof c !== 'number');
      if (subs.length !== 1 || node.children.length !== 1) return open;
      node = subs[0];
      open.add(node.group);
    }
  }

  /**
   * The rows for `view` ({sort, dir, filter, group: 'none'|'category'|'module', hideZero}): layer
   * rows as {layer: index, depth} and group rows as their group (label, depth, sums, layers, shown,
   * open). `closed` holds the categories folded away; `open` the modules unfolded (a filter unfolds
   * every module that holds a match).
   */
  rows(view, { closed = new Set(), open = new Set() } = {}) {
    const terms = view.filter.toLowerCase().split(/\s+/).filter(Boolean);
    const text = terms.length ? this.text : null;
    const passes = (i) => !(view.hideZero && this.zero[i]) && (!text || terms.every((t) => text[i].includes(t)));
    const key = this.#key(view.sort);
    const sign = view.dir === 'asc' ? 1 : -1;
    const byKey = (a, b) => (key[a] - key[b]) * sign || a - b;
    const out = [];

    if (view.group === 'category' && this.hasCategories) {
      for (const g of this.categories) {
        const shown = g.children.filter(passes).sort(byKey);
        if (!shown.length) continue;
        g.shown = shown.length;
        g.open = !closed.has(g.group);
        out.push(g);
        if (g.open) for (const i of shown) out.push({ layer: i, depth: 1 });
      }
      return out;
    }
    if (view.group === 'module') {
      const shownIn = new Map();
      // Layers that pass, counted into every module above them.
      const count = (node) => {
        let n = 0;
        for (const c of node.children) n += typeof c === 'number' ? Number(passes(c)) : count(c);
        shownIn.set(node, n);
        return n;
      };
      count(this.modules);
      // Modules and layers side by side: by their sums (numeric columns), their first layer (#),
      // or their text (a module's name beside a layer's last name part, operator or category).
      const spec = SORT_VALUES[view.sort] ?? SORT_VALUES.index;
      const byIndex = view.sort === 'index';
      const value = (c) => {
        if (typeof c !== 'number') return byIndex ? c.first : spec.numeric ? c[view.sort] ?? 0 : c.label;
        if (spec.numeric) return byIndex ? c : key[c];
        return view.sort === 'name' ? this.layers[c].name.split('/').pop() : spec.of(this.layers[c], c);
      };
      const first = (c) => (typeof c === 'number' ? c : c.first);
      const compare = (a, b) => {
        const va = value(a);
        const vb = value(b);
        return (spec.numeric ? va - vb : this.collator.compare(va, vb)) * sign || first(a) - first(b);
      };
      const walk = (node, depth) => {
        const children = node.children.filter((c) => (typeof c === 'number' ? passes(c) : shownIn.get(c) > 0)).sort(compare);
        for (const c of children) {
          if (typeof c === 'number') {
            out.push({ layer: c, depth });
            continue;
          }
          c.shown = shownIn.get(c);
          c.open = terms.length > 0 || open.has(c.group);
          out.push(c);
          if (c.open) walk(c, depth + 1);
        }
      };
      walk(this.modules, 0);
      return out;
    }
    const shown = [];
    for (let i = 0; i < this.layers.length; i += 1) if (passes(i)) shown.push(i);
    shown.sort(byKey);
    return shown.map((i) => ({ layer: i, depth: 0 }));
  }

  /** The group keys to unfold so that layer `index` is drawn: its category, or its modules. */
  groupsOf(index) {
    const keys = [`category:${this.layers[index].category}`];
    let key = '';
    for (const part of modulePath(this.layers[index].name)) keys.push(`module:${(key += `/${part}`)}`);
    return keys;
  }
}
