// Helpers over the core's JSON report (core/docs/features.md, "Report JSON contract"). Nothing
// here estimates energy: it reads values, groups them for display and sums the groups.

/** The categories of the report contract, in display order, with readable labels. */
export const CATEGORIES = [
  ['conv', 'Convolution'],
  ['matmul', 'Matrix multiply'],
  ['attention', 'Attention'],
  ['normalization', 'Normalization'],
  ['elementwise', 'Elementwise'],
  ['pooling', 'Pooling'],
  ['reduction', 'Reduction'],
  ['data_movement', 'Data movement'],
  ['classical_ml', 'Classical ML'],
  ['other', 'Other'],
];
const LABELS = new Map(CATEGORIES);
export const OVERHEAD = 'overhead';
export const categoryLabel = (c) => (c === OVERHEAD ? 'Framework overhead' : LABELS.get(c) ?? c);

/**
 * An estimate's figures per sample (the report's totals are per pass of the batch): energy, time
 * and the interval's ends, and whether the total is complete.
 */
export function perSample(report) {
  const t = report.total;
  const b = report.batch;
  return { energy: t.energy_j / b, time: t.time_s / b, low: t.energy_j_low / b, high: t.energy_j_high / b, complete: t.complete !== false };
}

/** True when the report carries energy (an `estimate`, not an `inspect`). */
export const hasEnergy = (report) => report && report.total && typeof report.total.energy_j === 'number';

/** A layer that costs nothing: no energy in an estimate; no FLOPs and no bytes moved otherwise. */
export function isZeroCost(layer) {
  if (typeof layer.energy_j === 'number') return layer.energy_j === 0;
  return !layer.flops && !layer.bytes_read && !layer.bytes_written;
}

/** Energy, time and layer count per category, largest energy first; the overhead line last. */
export function categoryTotals(report) {
  const groups = new Map();
  for (const layer of report.layers) {
    let g = groups.get(layer.category);
    if (!g) groups.set(layer.category, (g = { category: layer.category, energy_j: 0, time_s: 0, flops: 0, layers: 0 }));
    g.energy_j += layer.energy_j ?? 0;
    g.time_s += layer.time_s ?? 0;
    g.flops += layer.flops;
    g.layers += 1;
  }
  const list = [...groups.values()].sort((a, b) => b.energy_j - a.energy_j || b.flops - a.flops);
  if (hasEnergy(report) && report.total.overhead_energy_j > 0) {
    list.push({ category: OVERHEAD, energy_j: report.total.overhead_energy_j, time_s: report.total.overhead_time_s ?? 0, flops: 0, layers: 0 });
  }
  return list;
}

/** The symbolic dimensions left unbound anywhere in the report's shapes. */
export function unboundSymbols(report) {
  const symbols = new Set();
  const visit = (shape) => shape && shape.forEach((d) => typeof d === 'string' && symbols.add(d));
  for (const layer of report.layers) {
    layer.inputs.forEach(visit);
    layer.outputs.forEach(visit);
  }
  (report.graph_outputs ?? []).forEach((o) => visit(o.shape));
  return [...symbols].sort();
}

/**
 * Why a total is not the model's exact figure, or null when it is: a lower bound when layers are
 * left out (unknown shapes or operators), an upper bound when layers are costed at the most their
 * data-dependent sizes allow, partial when both.
 */
export function incompleteness(t) {
  if (t.complete !== false) return null;
  const missing = [];
  if (t.unknown_shape_layers) missing.push(`${t.unknown_shape_layers} of ${t.layers} layers with unknown shapes`);
  if (t.unknown_operator_layers) missing.push(`${t.unknown_operator_layers} of unknown operators`);
  const bounded = t.bounded_layers ? `${t.bounded_layers} of ${t.layers} layers costed at the most their data-dependent sizes allow` : '';
  const kind = missing.length && bounded ? 'Partial' : missing.length ? 'Lower bound' : 'Upper bound';
  return `${kind}: ${[...missing, bounded].filter(Boolean).join(', ')}`;
}

// The core's warnings name the CLI's flags; the page and the widget have a field or an attribute
// for each of them, so their messages say those instead.
const FLAG_WORDING = [
  [/\(use --batch N\)/g, '(set the batch size)'],
  [/--batch was used/g, 'the batch size was used'],
  [/--batch (\d+)/g, 'batch size $1'],
  [/set a size with --size NAME=N/g, 'set a size as NAME=N (the data-dependent sizes field)'],
  [/\(e\.g\. --size ([^)]+)\)/g, '(e.g. $1)'],
  [/--size (\S+)/g, 'the data-dependent size $1'],
  [/Set them with --dim NAME=N/g, 'Set them as NAME=N (the symbolic dimensions field)'],
  [/--dim (\S+)/g, 'the dimension $1'],
  [/--precision chooses another/g, 'the precision setting chooses another'],
  [/estimate --prompt and --generate estimate/g, 'a prompt length and an output length (the page\'s Generation panel) estimate'],
];

// Warnings about generation, said in plain words: what the figures rest on, and what that means.
const CODE_WORDING = {
  decode_extrapolated: 'The decode figures are extrapolated. No measurement behind the energy model has a decode step, ' +
    'where the model reads its whole cache to write one token: every matrix product becomes a matrix-vector product, ' +
    'limited by memory bandwidth and, at batch 1 in eager PyTorch, by the CPU launching kernels rather than by the GPU. ' +
    'Take the decode and whole-answer figures as rougher than the prefill\'s.',
  no_kv_cache: 'This model takes no KV cache: a generation loop would run it on the whole text again for every new token. ' +
    'The estimate is the prompt\'s prefill only, not the cost of an answer.',
};

/** A warning's message in the words of the page: plain words for its code, or the message without the CLI's flags. */
export function pageWording(message, code) {
  if (code && CODE_WORDING[code]) return CODE_WORDING[code];
  return FLAG_WORDING.reduce((text, [pattern, words]) => text.replace(pattern, words), message);
}

/** The operators whose data-dependent sizes the report costs at their most (the sources' ops). */
export function boundedSources(report) {
  const ops = new Set();
  for (const layer of report.layers) if (layer.bounds_size) ops.add(layer.op);
  return [...ops].sort();
}

/**
 * A file name for exports: "hf_bert_base_b1_h100_b8", from the model's file name (the graph's name
 * is "main_graph" in every PyTorch export), else the graph's.
 */
export function exportBaseName(report, fileName) {
  const stem = fileName ? fileName.replace(/\.(onnx|json)$/i, '') : report.model.name;
  const name = (stem || 'model').replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${name}${report.hardware ? `_${report.hardware.id}` : ''}_b${report.batch}`;
}
