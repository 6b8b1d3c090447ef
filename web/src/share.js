// Text for documentation authors: the widget's HTML for the estimate on the page, and a Markdown
// summary of it for a model card. Both from the core's report and the page's settings.
import { formatCount, formatEnergy, formatTime } from './format.js';
import { incompleteness, perSample } from './report.js';

const escapeAttribute = (s) => String(s).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * The HTML that embeds this estimate: the widget's module (`widgetUrl`) and one element for the
 * model at `src` (a URL, or a placeholder for a dropped file), with the page's settings.
 */
export function widgetSnippet({ widgetUrl, src, settings, label }) {
  const attrs = [['src', src], ['hardware', settings.hardware], ['precision', settings.precision], ['batch', settings.batch],
    ['dims', settings.dims], ['label', label]].filter(([, v]) => v != null && v !== '');
  return `<script type="module" src="${escapeAttribute(widgetUrl)}"></script>\n` +
    `<wattlayer-estimate ${attrs.map(([k, v]) => `${k}="${escapeAttribute(v)}"`).join(' ')}></wattlayer-estimate>`;
}

const cell = (s) => String(s).replaceAll('|', '\\|');

/** A Markdown table of the estimate, per sample, with what it is (an estimate) and where from. */
export function markdownSummary(report, fileName, toolUrl) {
  const t = report.total;
  const b = report.batch;
  const s = perSample(report);
  const hw = report.hardware;
  const rows = [
    ['Model', `${fileName} (${report.model.format.toUpperCase()}, ${formatCount(t.params)} parameters, ${formatCount(t.flops / b)}FLOPs per sample)`.replace(/(\d)FLOPs/, '$1 FLOPs')],
    ['Hardware', `${hw.name} (${hw.source}, ${hw.runtime}, ${hw.precision})`],
    ['Batch size', String(b)],
    ['Energy per sample', `${formatEnergy(s.energy)} (likely ${formatEnergy(s.low, 3)} to ${formatEnergy(s.high, 3)})`],
    ['Time per sample', formatTime(s.time)],
    ['Complete', incompleteness(t) ?? 'yes: every layer costed'],
  ];
  // Under generation the totals are the prompt's prefill; the answer and its tokens follow.
  const g = report.generation;
  if (g) {
    rows[3][0] = `Prefill energy per sample (${g.prompt_tokens} tokens)`;
    rows[4][0] = 'Prefill time per sample';
    rows.push(['Whole answer', `${formatEnergy(g.energy_j)} in ${formatTime(g.time_s)} for ${g.output_tokens} output tokens (batch ${b})`],
      ['Per 1,000 output tokens', `${formatEnergy(g.joules_per_1000_output_tokens)}${report.warnings.some((w) => w.code === 'decode_extrapolated') ? ' (decode extrapolated: no measurement has a decode step)' : ''}`]);
  }
  return ['| Inference energy | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`), '',
    `Estimated from the model file with [WattLayer](${toolUrl}), a layer-wise model fitted on GPU measurements; not a measurement of this model.`].join('\n');
}
