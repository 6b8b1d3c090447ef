// Generation with a KV cache: an LLM decoder's answer is the prefill of the prompt, then one decode
// step per further output token on a growing cache. The page offers it when the report marks
// cache inputs (graph_inputs[].kv_cache); the core estimates it (estimate options
// {generation: {prompt, generate}}, as `wattlayer estimate --prompt P --generate N`) and this file
// shows its `generation` object: prefill, decode and the whole answer, a decode step at the first
// and last context, J per 1,000 output tokens, the prefill/decode split, and energy per decode step
// against the context. Every figure is the core's; the page converts units and takes ratios.
import { fixed, svgEl } from './charts.js';
import { formatEnergy, formatPercent, formatTime, formatWattHours } from './format.js';
import { pageWording } from './report.js';

export const DEFAULTS = { prompt: 512, generate: 256 };
const MAX_TOKENS = 100000;
const INPUT_DELAY_MS = 400;

/** True when the report's model is a decoder with a KV cache (the core marks its cache inputs). */
export const hasKvCache = (report) => Boolean(report?.graph_inputs?.some((i) => i.kv_cache));

/** A token count typed or linked: a whole number from 1 to 100,000, else null. */
export function tokenCount(text) {
  const s = String(text ?? '').trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_TOKENS ? n : null;
}

/** The prompt and output lengths from the URL hash (prompt, gen), invalid ones at their default. */
export function settingsFromParams(p) {
  return { prompt: tokenCount(p.get('prompt')) ?? DEFAULTS.prompt, generate: tokenCount(p.get('gen')) ?? DEFAULTS.generate };
}

/** Writes the lengths that differ from the defaults into `p`. */
export function settingsToParams(s, p) {
  if (s.prompt !== DEFAULTS.prompt) p.set('prompt', String(s.prompt));
  if (s.generate !== DEFAULTS.generate) p.set('gen', String(s.generate));
}

/**
 * The first decode step's layers as a report the layer table can draw: the fields the core gives
 * them (name, op, FLOPs, bytes, energy, time), and as its total the step's energy and time,
 * framework overhead included as in the prefill's total. Null when there is no decode step.
 */
export function decodeStepReport(report) {
  const g = report.generation;
  const step = g?.decode?.[0];
  if (!step || !g.decode_layers?.length) return null;
  return {
    model: { ...report.model, name: `${report.model.name}, one decode step at context ${step.context}` },
    batch: report.batch,
    layers: g.decode_layers,
    total: { energy_j: step.energy_j, time_s: step.time_s, layers: g.decode_layers.length },
  };
}

const tokens = (n) => n.toLocaleString('en-US'); // counts, whole: 12345 -> "12,345"
const $in = (root, id) => root.querySelector(`#${id}`);

function show(el, text, data = {}, title = '') {
  el.textContent = text;
  for (const [k, v] of Object.entries(data)) el.dataset[k] = String(v);
  el.title = title;
}

/**
 * The panel (index.html's #generation): the two lengths, which call `onChange({prompt, generate})`
 * once typing pauses, and the figures of a report estimated with them.
 */
export class GenerationPanel {
  constructor(root, { onChange }) {
    this.root = root;
    this.onChange = onChange;
    this.report = null;
    this.prompt = $in(root, 'gen-prompt');
    this.output = $in(root, 'gen-output');
    this.note = $in(root, 'gen-lengths-note');
    this.curve = $in(root, 'gen-curve');
    this.timer = 0;
    for (const input of [this.prompt, this.output]) {
      input.addEventListener('input', () => this.#changed(INPUT_DELAY_MS));
      input.addEventListener('change', () => this.#changed(0));
    }
    $in(root, 'gen-form').addEventListener('submit', (e) => { e.preventDefault(); this.#changed(0); });
    new ResizeObserver(() => this.report && this.#renderCurve()).observe(this.curve);
  }

  /** Puts the settings in the two fields (from the URL hash, or at the start). */
  setSettings(s) {
    this.prompt.value = String(s.prompt);
    this.output.value = String(s.generate);
    this.#validate();
  }

  #validate() {
    const prompt = tokenCount(this.prompt.value);
    const generate = tokenCount(this.output.value);
    this.prompt.setAttribute('aria-invalid', String(prompt == null));
    this.output.setAttribute('aria-invalid', String(generate == null));
    const ok = prompt != null && generate != null;
    this.note.classList.toggle('invalid', !ok);
    this.note.textContent = ok
      ? 'Tokens in the prompt, and tokens the model writes: the first comes with the prefill, each other one is a decode step.'
      : 'Both lengths must be whole numbers from 1 to 100,000.';
    return ok ? { prompt, generate } : null;
  }

  #changed(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const s = this.#validate();
      if (s) this.onChange(s);
    }, delay);
  }

  hide() {
    this.report = null;
    this.root.hidden = true;
  }

  /** Shows the `generation` of a report estimated with generation options. */
  render(report) {
    const g = report.generation;
    this.report = report;
    this.root.hidden = false;
    const r = this.root;
    const batch = report.batch;
    const perBatch = batch > 1 ? ` (batch of ${batch})` : '';
    const steps = g.decode.length ? g.output_tokens - 1 : 0;

    $in(r, 'generation-heading').textContent =
      `Generation: ${tokens(g.prompt_tokens)}-token prompt, ${tokens(g.output_tokens)} output token${g.output_tokens === 1 ? '' : 's'}${perBatch}`;
    $in(r, 'gen-prefill-label').textContent = `Prefill, ${tokens(g.prefill.new_tokens)} tokens`;
    show($in(r, 'gen-prefill-energy'), formatEnergy(g.prefill.energy_j), { joules: g.prefill.energy_j }, `${g.prefill.energy_j} J`);
    show($in(r, 'gen-prefill-time'), `in ${formatTime(g.prefill.time_s)}`, { seconds: g.prefill.time_s }, `${g.prefill.time_s} s`);
    $in(r, 'gen-decode-label').textContent = `Decode, ${tokens(steps)} step${steps === 1 ? '' : 's'}`;
    show($in(r, 'gen-decode-energy'), formatEnergy(g.decode_energy_j), { joules: g.decode_energy_j }, `${g.decode_energy_j} J`);
    show($in(r, 'gen-decode-time'), `in ${formatTime(g.decode_time_s)}`, { seconds: g.decode_time_s }, `${g.decode_time_s} s`);
    show($in(r, 'gen-total-energy'), formatEnergy(g.energy_j), { joules: g.energy_j }, `${g.energy_j} J`);
    show($in(r, 'gen-total-time'), `in ${formatTime(g.time_s)}`, { seconds: g.time_s }, `${g.time_s} s`);

    const first = g.decode[0];
    const last = g.decode[g.decode.length - 1];
    const firstEl = $in(r, 'gen-step-first');
    const lastEl = $in(r, 'gen-step-last');
    $in(r, 'gen-step-label').textContent = batch > 1 ? 'Per decode step (one token per sequence)' : 'Per decode token';
    if (first) {
      show(firstEl, formatEnergy(first.energy_j), { joules: first.energy_j, context: first.context }, `${first.energy_j} J at a context of ${first.context} tokens`);
      show(lastEl, formatEnergy(last.energy_j), { joules: last.energy_j, context: last.context }, `${last.energy_j} J at a context of ${last.context} tokens`);
      // one decode step: its figure once
      $in(r, 'gen-step-arrow').hidden = lastEl.hidden = first === last;
      $in(r, 'gen-step-contexts').textContent = first === last ? `at a context of ${tokens(first.context)} tokens`
        : `at a context of ${tokens(first.context)} → ${tokens(last.context)} tokens`;
    } else {
      for (const el of [firstEl, lastEl]) { el.textContent = ''; delete el.dataset.joules; delete el.dataset.context; el.title = ''; }
      firstEl.textContent = 'none';
      $in(r, 'gen-step-arrow').hidden = lastEl.hidden = true;
      $in(r, 'gen-step-contexts').textContent = 'one output token: the prefill gives it';
    }
    const per1000 = g.joules_per_1000_output_tokens;
    show($in(r, 'gen-per-1000'), formatEnergy(per1000), { joules: per1000 }, `${per1000} J per 1,000 output tokens`);
    // 1,000 x (J per 1,000 tokens) per million tokens, in Wh
    $in(r, 'gen-per-million').textContent = `${formatWattHours((per1000 * 1000) / 3600)} per million tokens`;

    this.#renderSplit(g);
    this.#renderCurve();
    const caveat = report.warnings.find((w) => w.code === 'decode_extrapolated');
    const note = $in(r, 'gen-caveat');
    note.hidden = !caveat;
    if (caveat) note.textContent = pageWording(caveat.message, caveat.code);
  }

  // The whole answer's energy as prefill + decode, each segment its share.
  #renderSplit(g) {
    const share = g.energy_j ? g.prefill.energy_j / g.energy_j : 1;
    const bar = $in(this.root, 'gen-split');
    bar.dataset.prefillShare = String(share);
    bar.style.setProperty('--prefill', String(share));
    bar.setAttribute('aria-label', `Prefill ${formatPercent(share)} of the answer's energy, decode ${formatPercent(1 - share)}`);
    $in(this.root, 'gen-split-prefill').textContent = `Prefill ${formatPercent(share)} · ${formatEnergy(g.prefill.energy_j, 3)}`;
    $in(this.root, 'gen-split-decode').textContent = `Decode ${formatPercent(g.energy_j ? g.decode_energy_j / g.energy_j : 0)} · ${formatEnergy(g.decode_energy_j, 3)}`;
  }

  // Energy per decode step against the context length: the steps the core estimated (up to 9,
  // the first and the last among them), on an axis from zero so that a flat line reads as flat.
  #renderCurve() {
    const host = this.curve;
    const points = this.report.generation.decode;
    if (!points.length) {
      host.replaceChildren(Object.assign(document.createElement('p'), { className: 'hint', textContent: 'No decode step: one output token.' }));
      return;
    }
    const width = Math.max(host.clientWidth, 260);
    const height = 150;
    const m = { left: 64, right: 16, top: 10, bottom: 34 };
    const plotW = width - m.left - m.right;
    const plotH = height - m.top - m.bottom;
    const max = Math.max(...points.map((p) => p.energy_j)) || 1;
    const c0 = points[0].context;
    const span = Math.max(points[points.length - 1].context - c0, 1);
    const x = (c) => (points.length === 1 ? m.left + plotW / 2 : m.left + ((c - c0) / span) * plotW);
    const y = (e) => m.top + plotH * (1 - e / max);
    const svg = svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'decode-curve', 'data-testid': 'gen-curve' });
    svg.append(svgEl('title', {}, `Energy per decode step against the context: ${points.map((p) => `${p.context} tokens: ${formatEnergy(p.energy_j)}`).join(', ')}`));
    for (const f of [0, 0.5, 1]) {
      svg.append(svgEl('line', { x1: m.left, x2: m.left + plotW, y1: fixed(y(max * f)), y2: fixed(y(max * f)), class: 'grid-line' }));
      svg.append(svgEl('text', { x: m.left - 6, y: fixed(y(max * f) + 4), class: 'axis-label', 'text-anchor': 'end' }, formatEnergy(max * f, 3)));
    }
    svg.append(svgEl('polyline', { points: points.map((p) => `${fixed(x(p.context))},${fixed(y(p.energy_j))}`).join(' '), class: 'curve' }));
    for (const p of points) {
      const dot = svgEl('circle', { cx: fixed(x(p.context)), cy: fixed(y(p.energy_j)), r: 3, class: 'curve-point', 'data-context': p.context, 'data-joules': String(p.energy_j) });
      dot.append(svgEl('title', {}, `context ${p.context} tokens: ${formatEnergy(p.energy_j)} per step, ${formatTime(p.time_s)}`));
      svg.append(dot);
    }
    const ends = points.length === 1 ? [points[0]] : [points[0], points[points.length - 1]];
    ends.forEach((p, i) => svg.append(svgEl('text', {
      x: fixed(x(p.context)), y: m.top + plotH + 15, class: 'axis-label', 'text-anchor': ends.length === 1 ? 'middle' : i ? 'end' : 'start',
    }, tokens(p.context))));
    svg.append(svgEl('text', { x: fixed(m.left + plotW / 2), y: height - 3, class: 'axis-title', 'text-anchor': 'middle' }, 'context (tokens in the cache)'));
    host.replaceChildren(svg);
  }
}
