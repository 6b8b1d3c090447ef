// The page: input (drop zone, file picker, samples), options (hardware, batch, symbolic
// dimensions), the job (through the worker client), and the report's display. Settings live in the
// URL hash. The page computes no energy: it shows the report's numbers, converted to other units,
// and sums them only to group them for display.
import { WattLayerClient } from './client.js';
import { DepthChart, renderCategoryChart } from './charts.js';
import { entriesOfDrop, entriesOfFileList, sortDropped } from './files.js';
import { formatBytes, formatCount, formatEnergy, formatFileSize, formatGrams, formatPercent, formatShape, formatTime, formatWattHours, significant, toMilliwattHours, toWattHoursPer } from './format.js';
import { boundedSources, categoryTotals, exportBaseName, incompleteness, pageWording, perSample, unboundSymbols } from './report.js';
import { GROUPS, LayerTable, SORT_KEYS } from './table.js';
import { CURVE_BATCHES, batchCurve, batchCurveChart, everyProfile, profileTable } from './compare.js';
import { markdownSummary, widgetSnippet } from './share.js';
import { versionDiffView } from './version_diff.js';
import {
  DEFAULTS as WORKLOAD_DEFAULTS, GRID_SOURCE, GRIDS, gridGrams, settingsFromParams as workloadSettingsFromParams,
  settingsToParams as workloadSettingsToParams, tokenFigures, workloadFigures,
} from './workload.js';
import {
  GenerationPanel, decodeStepReport, hasKvCache, settingsFromParams as generationSettingsFromParams,
  settingsToParams as generationSettingsToParams,
} from './generation.js';

const $ = (id) => document.getElementById(id);
const client = new WattLayerClient(); // created first: the module loads while the page settles

const SAMPLES = ['tv_resnet50_b1.onnx', 'hf_bert_base_b1.onnx', 'tiny_cnn.json', 'tiny_decoder_merged.onnx'];
const PROGRESS_DELAY_MS = 120;

const state = {
  source: null, // a File, or {url, name} for a sample
  sample: null,
  hardware: 'h100', // a GPU (an fp32 profile id), or the id of a profile loaded from a file
  precision: 'auto', // the file's, as the core reads it
  userProfiles: [], // profiles loaded from files (wattlayer fit, models/calibrate): sent whole to the core
  hardwareBeforeFile: null, // the GPU chosen before a profile file, back when the core rejects the file
  batch: null, // null: as exported
  dimsText: '',
  sizesText: '',
  view: { sort: 'index', dir: 'asc', filter: '', group: 'none', hideZero: false },
  theme: null, // 'light' | 'dark' | null (follow the system)
  workload: { ...WORKLOAD_DEFAULTS }, // count, PUE, grid, custom gCO2e/kWh, price (workload.js)
  generation: generationSettingsFromParams(new URLSearchParams()), // prompt and output lengths (generation.js)
  decoder: false, // the file is a decoder with a KV cache: its estimates are of generation
  layerPhase: 'prefill', // the pass the layer table lists: 'prefill' | 'decode' (one decode step)
  report: null,
  text: null,
  profiles: null,
  models: [], // [{file, path}] of a drop of several files or a folder; [] for one file
  ignored: [], // the other files of that drop, never read
  modelResults: new Map(), // options + path -> {layers, energyJ, timeS} | {error}
};

const els = {
  fileInput: $('file-input'), dropZone: $('drop-zone'), hardware: $('hardware'), precision: $('precision'), batch: $('batch'), dims: $('dims'), sizes: $('sizes'),
  status: $('status-text'), progress: $('progress'), error: $('error'), results: $('results'),
  folderInput: $('folder-input'), modelList: $('model-list'),
  totalEnergy: $('total-energy'), filter: $('filter'), group: $('group'), hideZero: $('hide-zero'),
};

const table = new LayerTable($('layer-table'), {
  count: $('table-count'),
  onViewChange: (view) => {
    state.view = { ...view };
    syncViewControls();
    writeHash();
  },
});
// A layer of the report (the prefill's, under generation) shown in the table.
function revealLayer(index) {
  if (state.layerPhase !== 'prefill') setLayerPhase('prefill');
  table.reveal(index);
}
const depthChart = new DepthChart($('depth-chart'), { onSelect: revealLayer });
const generationPanel = new GenerationPanel($('generation'), {
  onChange: (s) => {
    if (s.prompt === state.generation.prompt && s.generate === state.generation.generate) return;
    state.generation = s;
    writeHash();
    run();
  },
});
new ResizeObserver(() => state.report && renderCategoryChart($('category-chart'), categoryTotals(state.report), state.report.total.energy_j)).observe($('category-chart'));

// ---------------------------------------------------------------------------------------------
// URL hash: #sample=..&hw=..&batch=..&dims=..&sort=..&dir=..&q=..&group=..&zero=hide&theme=..
// and the workload's n=..&pue=..&grid=..&gco2=..&price=.. (workload.js); a decoder's prompt=..&gen=..
// (generation.js)

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const batch = Number(p.get('batch'));
  const sort = p.get('sort');
  return {
    sample: SAMPLES.includes(p.get('sample')) ? p.get('sample') : null,
    hardware: (p.get('hw') || 'h100').toLowerCase(), // ids are lower case; a link may say H100
    precision: ['fp32', 'fp16', 'bf16'].includes(p.get('prec')?.toLowerCase()) ? p.get('prec').toLowerCase() : 'auto',
    batch: Number.isInteger(batch) && batch >= 1 ? batch : null,
    dimsText: p.get('dims') ?? '',
    sizesText: p.get('sizes') ?? '',
    view: {
      sort: SORT_KEYS.includes(sort) ? sort : 'index',
      dir: p.get('dir') === 'desc' ? 'desc' : 'asc',
      filter: p.get('q') ?? '',
      // group=1 is how earlier links said 'by category'
      group: p.get('group') === '1' ? 'category' : GROUPS.includes(p.get('group')) ? p.get('group') : 'none',
      hideZero: p.get('zero') === 'hide',
    },
    theme: ['light', 'dark'].includes(p.get('theme')) ? p.get('theme') : null,
    workload: workloadSettingsFromParams(p),
    generation: generationSettingsFromParams(p),
  };
}

function writeHash() {
  const p = new URLSearchParams();
  if (state.sample) p.set('sample', state.sample);
  if (state.hardware !== 'h100') p.set('hw', state.hardware);
  if (state.precision !== 'auto') p.set('prec', state.precision);
  if (state.batch != null) p.set('batch', String(state.batch));
  if (state.dimsText.trim()) p.set('dims', state.dimsText.trim());
  if (state.sizesText.trim()) p.set('sizes', state.sizesText.trim());
  if (state.view.sort !== 'index' || state.view.dir !== 'asc') { p.set('sort', state.view.sort); p.set('dir', state.view.dir); }
  if (state.view.filter) p.set('q', state.view.filter);
  if (state.view.group !== 'none') p.set('group', state.view.group);
  if (state.view.hideZero) p.set('zero', 'hide');
  if (state.theme) p.set('theme', state.theme);
  workloadSettingsToParams(state.workload, p);
  generationSettingsToParams(state.generation, p);
  const hash = p.toString();
  if (hash !== location.hash.slice(1)) history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
}

function applyHash() {
  const h = readHash();
  const rerun = h.hardware !== state.hardware || h.precision !== state.precision || h.batch !== state.batch || h.dimsText !== state.dimsText ||
    h.sizesText !== state.sizesText ||
    (state.decoder && (h.generation.prompt !== state.generation.prompt || h.generation.generate !== state.generation.generate));
  Object.assign(state, {
    hardware: h.hardware, precision: h.precision, batch: h.batch, dimsText: h.dimsText, sizesText: h.sizesText, view: h.view, theme: h.theme,
    workload: h.workload, generation: h.generation,
  });
  generationPanel.setSettings(state.generation);
  els.batch.value = state.batch ?? '';
  els.dims.value = state.dimsText;
  els.sizes.value = state.sizesText;
  selectHardware();
  syncViewControls();
  table.setView(state.view);
  applyTheme();
  syncWorkloadControls();
  if (state.report) renderWorkload();
  if (h.sample && h.sample !== state.sample) loadSample(h.sample);
  else if (rerun) run();
}

// ---------------------------------------------------------------------------------------------
// Theme

const systemDark = matchMedia('(prefers-color-scheme: dark)');
function applyTheme() {
  const dark = state.theme ? state.theme === 'dark' : systemDark.matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  $('theme-toggle').setAttribute('aria-pressed', String(dark));
}
systemDark.addEventListener('change', applyTheme);
$('theme-toggle').addEventListener('click', () => {
  state.theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  applyTheme();
  writeHash();
});

// ---------------------------------------------------------------------------------------------
// Hardware profiles

// The compiled-in profiles come as one per GPU and precision ("a100_sxm", "a100_sxm-fp16"): the
// page offers GPUs, grouped measured / transferred, and the precisions each one has.
const profileId = (gpu, precision) => (precision === 'fp32' ? gpu : `${gpu}-${precision}`);
const userProfile = () => state.userProfiles.find((p) => p.id === state.hardware) ?? null;

function selectHardware() {
  if (!state.profiles) return;
  const gpus = state.profiles.filter((p) => p.precision === 'fp32');
  if (!gpus.some((p) => p.id === state.hardware) && !userProfile()) state.hardware = gpus[0]?.id ?? 'h100';
  els.hardware.value = state.hardware;
  const own = userProfile();
  const has = (precision) => !own && (precision === 'auto' || state.profiles.some((p) => p.id === profileId(state.hardware, precision)));
  for (const option of els.precision.options) option.disabled = !has(option.value);
  if (!has(state.precision)) state.precision = 'auto';
  els.precision.value = own ? own.precision : state.precision;
  els.precision.disabled = Boolean(own);
  const shown = state.precision === 'auto' ? 'fp32' : state.precision; // the GPU's measured or transferred fp32 profile describes it
  const p = own ?? state.profiles.find((x) => x.id === profileId(state.hardware, shown));
  if (!p) return;
  const batches = `at batch ${p.measured_batches.join(' and ')}`;
  $('hardware-note').textContent = own
    ? `Loaded from ${own.file}: ${p.source}, ${p.runtime}, ${p.precision}, ${batches}.`
    : p.source === 'measured'
      ? `Measured: ${p.runtime}, ${p.precision}, ${batches}.`
      : `Transferred, not measured: the ${p.provenance?.transferred_from ?? 'H100'} model moved by this GPU's datasheet figures; wider interval.`;
  $('precision-note').textContent = own ? 'As the profile was fitted.'
    : state.precision === 'auto' ? 'What the file computes in: fp32, fp16 or bf16 (int8 as fp16), where this GPU has that profile.'
    : state.precision === 'fp32' ? 'As PyTorch runs by default (TF32 convolutions).'
      : `Transferred: ${state.precision} tensor cores, float tensors at 2 bytes.`;
}

function renderHardwareOptions() {
  const gpus = state.profiles.filter((p) => p.precision === 'fp32');
  const groups = [['measured', 'Measured'], ['transferred', 'Transferred (from datasheets, not measured)']];
  const nodes = [];
  for (const [source, label] of groups) {
    const list = gpus.filter((p) => p.source === source);
    if (!list.length) continue;
    const group = document.createElement('optgroup');
    group.label = label;
    for (const p of list) group.append(new Option(`${p.name} (${p.id})`, p.id));
    nodes.push(group);
  }
  for (const p of gpus.filter((x) => !groups.some(([s]) => s === x.source))) nodes.push(new Option(`${p.name} (${p.id})`, p.id));
  if (state.userProfiles.length) {
    const group = document.createElement('optgroup');
    group.label = 'Loaded from a file';
    for (const p of state.userProfiles) group.append(new Option(`${p.name} (${p.id}, ${p.source})`, p.id));
    nodes.push(group);
  }
  els.hardware.replaceChildren(...nodes);
  selectHardware();
}

client.hardware().then(({ hardware, version }) => {
  state.profiles = hardware;
  renderHardwareOptions();
  const gpus = new Set(hardware.map((p) => p.id.replace(/-(fp16|bf16)$/, ''))).size;
  $('version').textContent = `WattLayer core ${version}, WebAssembly build; ${hardware.length} hardware profiles compiled in (${gpus} GPUs).`;
  $('accuracy').textContent = accuracyText(hardware);
  if (!state.source && !client.busy) setStatus(readyText());
}, (e) => showError(e, 'The estimator could not start'));

// How well the estimates match measurements: the measured profiles' median errors when a whole
// architecture family is left out of the fit (their provenance, as `wattlayer fit` computed
// them), and what no measurement checks.
function accuracyText(hardware) {
  const measured = hardware.filter((p) => p.source === 'measured' && p.provenance?.cv_leave_one_family_out);
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  const errors = measured.map((p) => {
    const cv = p.provenance.cv_leave_one_family_out;
    const batches = Object.keys(cv).sort().map((b) => `${pct(cv[b].median)} at batch ${b.replace('batch_', '')}`);
    return `${p.name}: ${batches.join(', ')}`;
  });
  const transferred = hardware.filter((p) => p.source !== 'measured').length;
  return `Measured accuracy, median error on architectures whose whole family was left out of the fit (cross-validation, wattlayer eval): ${errors.join('; ')}. ` +
    `Not validated by a measurement: the ${transferred} transferred profiles (other GPUs, and fp16/bf16 on every GPU), moved from the H100's by datasheet ratios.`;
}

// After a reload the dropped file is gone (it is never stored or uploaded): say so, by its name.
const LAST_FILE_KEY = 'wattlayer.lastFile';
function readyText() {
  let last = null;
  try { last = sessionStorage.getItem(LAST_FILE_KEY); } catch { /* storage off: no name to give */ }
  return last
    ? `Ready. Drop ${last} again to see its estimate: files stay in this tab's memory only, never stored or uploaded.`
    : 'Ready. Drop a model file, choose one, or try a sample.';
}

// A profile the user fitted (wattlayer fit, models/calibrate): the core checks it on use.
async function loadProfile(file) {
  let profile;
  try {
    profile = JSON.parse(await file.text());
  } catch (e) {
    showError({ code: 'bad_profile', message: `${file.name} is not JSON (${e.message})` }, 'The profile could not be loaded');
    return;
  }
  if (!profile || typeof profile.id !== 'string' || !Array.isArray(profile.measured_batches)) {
    showError({ code: 'bad_profile', message: `${file.name} is not a WattLayer hardware profile (no id or measured_batches)` }, 'The profile could not be loaded');
    return;
  }
  profile.id = `file:${profile.id}`;
  state.userProfiles = [...state.userProfiles.filter((p) => p.id !== profile.id), { ...profile, file: file.name }];
  if (!userProfile()) state.hardwareBeforeFile = state.hardware;
  state.hardware = profile.id;
  renderHardwareOptions();
  writeHash();
  if (state.source) run();
}

$('load-profile').addEventListener('click', () => $('profile-input').click());
$('profile-input').addEventListener('change', () => {
  const file = $('profile-input').files[0];
  if (file) loadProfile(file);
  $('profile-input').value = '';
});

// ---------------------------------------------------------------------------------------------
// Options

// "NAME=V, ..." pairs: the symbolic dimensions and the data-dependent sizes.
function parseDims(text) {
  const dims = {};
  for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^([^=]+)=(\d+)$/.exec(part);
    if (!m) return { error: `“${part}” is not NAME=V with a whole number V` };
    dims[m[1]] = Number(m[2]);
  }
  return { dims };
}

// The estimate's settings, whatever the file (a model list row's result holds for these).
function settings() {
  const parsed = parseDims(state.dimsText);
  const sizes = parseDims(state.sizesText);
  const o = {};
  const own = userProfile();
  if (own) {
    const { file, ...profile } = own; // eslint-disable-line no-unused-vars
    o.profile = { ...profile, id: profile.id.replace(/^file:/, '') };
  } else {
    o.hardware = state.hardware;
    if (state.precision !== 'auto') o.precision = state.precision;
  }
  if (state.batch != null) o.batch = state.batch;
  if (Object.keys(parsed.dims ?? {}).length) o.dims = parsed.dims;
  if (Object.keys(sizes.dims ?? {}).length) o.sizes = sizes.dims;
  return o;
}

// A decoder with a KV cache is estimated as generation: the prompt's prefill, then a decode step per token.
function options() {
  const o = { file_name: state.source?.name || 'model', ...settings() };
  if (state.decoder) o.generation = { prompt: state.generation.prompt, generate: state.generation.generate };
  return o;
}

function validate() {
  let ok = true;
  const batchText = els.batch.value.trim();
  const batch = Number(batchText);
  const batchOk = batchText === '' || (Number.isInteger(batch) && batch >= 1 && batch <= 1048576);
  els.batch.setAttribute('aria-invalid', String(!batchOk));
  $('batch-note').textContent = batchOk ? batchNote() : 'The batch size must be a whole number from 1.';
  $('batch-note').classList.toggle('invalid', !batchOk);
  if (batchOk) state.batch = batchText === '' ? null : batch;
  else ok = false;

  const dimsOk = validatePairs(els.dims, 'dims-note', 'dimsText', dimsNote);
  const sizesOk = validatePairs(els.sizes, 'sizes-note', 'sizesText', sizesNote);
  return ok && dimsOk && sizesOk;
}

// A NAME=V pairs field: marked invalid with the reason in its note, or taken into state[key].
function validatePairs(input, noteId, key, writeNote) {
  const parsed = parseDims(input.value);
  input.setAttribute('aria-invalid', String(Boolean(parsed.error)));
  $(noteId).classList.toggle('invalid', Boolean(parsed.error));
  if (parsed.error) {
    $(noteId).textContent = `${parsed.error}.`;
    return false;
  }
  state[key] = input.value;
  writeNote();
  return true;
}

function batchNote() {
  if (state.report && state.batch == null) return `Empty: the batch size the file was exported with (${state.report.batch}).`;
  return 'Empty: the batch size the file was exported with.';
}

// Buttons that append "NAME=" to a pairs field, one per name.
function insertButtons(note, names, input, label) {
  names.forEach((name, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.textContent = name;
    b.setAttribute('aria-label', `${label} ${name}`);
    b.addEventListener('click', () => {
      const text = input.value.trim();
      input.value = `${text}${text ? ', ' : ''}${name.replace(/ = .*/, '')}=`;
      input.focus();
    });
    note.append(i ? ', ' : '', b);
  });
  note.append('.');
}

function dimsNote() {
  const note = $('dims-note');
  const symbols = state.report ? unboundSymbols(state.report) : [];
  const assumed = Object.entries(state.report?.assumed_dims ?? {}).map(([name, v]) => `${name} = ${v}`);
  if (!symbols.length && !assumed.length) {
    note.replaceChildren('Bind named dimensions as ', Object.assign(document.createElement('code'), { textContent: 'NAME=V' }), ' pairs, separated by commas.');
    return;
  }
  note.replaceChildren(assumed.length ? 'Assumed in this model (set them): ' : 'Unbound in this model: ');
  insertButtons(note, assumed.length ? assumed : symbols, els.dims, 'Set');
}

function sizesNote() {
  const note = $('sizes-note');
  const sources = state.report ? boundedSources(state.report) : [];
  if (!sources.length) {
    note.replaceChildren('Sizes that depend on the data (boxes kept, non-zeros) count at their most; set them as ',
      Object.assign(document.createElement('code'), { textContent: 'OPERATOR=V' }), ' or ', Object.assign(document.createElement('code'), { textContent: 'LAYER=V' }), '.');
    return;
  }
  note.replaceChildren('At their most in this model (set them): ');
  insertButtons(note, sources, els.sizes, 'Set the size of');
}

let debounce = 0;
function optionsChanged(delay) {
  clearTimeout(debounce);
  debounce = setTimeout(() => {
    // A result on screen is for the last valid options: faded, and the status says so.
    const valid = validate();
    els.results.classList.toggle('stale', !valid && Boolean(state.report));
    if (!valid) {
      if (state.report) setStatus('The options above are not valid: the result below is for the previous ones.');
      return;
    }
    writeHash();
    run();
  }, delay);
}
els.precision.addEventListener('change', () => {
  state.precision = els.precision.value;
  selectHardware();
  writeHash();
  optionsChanged(0);
});
els.hardware.addEventListener('change', () => {
  state.hardware = els.hardware.value;
  selectHardware();
  writeHash();
  run();
});
els.batch.addEventListener('input', () => optionsChanged(350));
els.batch.addEventListener('change', () => optionsChanged(0));
els.dims.addEventListener('input', () => optionsChanged(600));
els.dims.addEventListener('change', () => optionsChanged(0));
els.sizes.addEventListener('input', () => optionsChanged(600));
els.sizes.addEventListener('change', () => optionsChanged(0));
$('controls').addEventListener('submit', (e) => { e.preventDefault(); optionsChanged(0); });

// ---------------------------------------------------------------------------------------------
// Input

// A new file's answer, or its error, is brought into view when it lands out of sight (below the
// options on a laptop screen, far below on a phone); a change of options leaves the scroll alone.
let revealNext = false; // set by a new file or sample, spent by the first result or error
const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

function bringIntoView(el) {
  if (!revealNext) return;
  revealNext = false;
  const top = el.getBoundingClientRect().top;
  if (top < 0 || top > innerHeight * 0.5) el.scrollIntoView({ block: 'start', behavior: reducedMotion.matches ? 'auto' : 'smooth' });
}

function loadFile(file) {
  if (!file) return;
  revealNext = true;
  try { sessionStorage.setItem(LAST_FILE_KEY, file.name); } catch { /* storage off */ }
  state.source = file;
  state.decoder = false;
  state.sample = null;
  writeHash();
  run();
}

// Files and folders: the first model is shown, every model gets a row in the model list.
function loadEntries(entries) {
  if (!entries.length) return;
  const { models, ignored } = sortDropped(entries);
  state.models = models.length > 1 || ignored.length ? models : [];
  state.ignored = ignored;
  state.modelResults.clear();
  renderModelList();
  if (!models.length && entries.length === 1) {
    // One file that is not named like a model: the core says what it is (a checkpoint, weights...).
    state.ignored = [];
    renderModelList();
    loadFile(entries[0].file);
    return;
  }
  if (!models.length) {
    showError({ code: 'no_model', message: `none of the ${entries.length} files is a model (.onnx or .json)` }, 'Nothing to estimate');
    return;
  }
  loadFile(models[0].file);
}

function loadSample(name) {
  revealNext = true;
  state.source = { url: new URL(`samples/${name}`, document.baseURI).href, name };
  state.sample = name;
  state.decoder = false;
  state.models = [];
  renderModelList();
  writeHash();
  run();
}

$('choose-file').addEventListener('click', () => els.fileInput.click());
$('choose-folder').addEventListener('click', () => els.folderInput.click());
els.fileInput.addEventListener('change', () => loadEntries(entriesOfFileList(els.fileInput.files)));
els.folderInput.addEventListener('change', () => loadEntries(entriesOfFileList(els.folderInput.files)));
document.querySelectorAll('[data-sample]').forEach((b) => b.addEventListener('click', () => loadSample(b.dataset.sample)));

// The whole window accepts a dropped file (so that a near miss does not open it in the tab).
let dragDepth = 0;
window.addEventListener('dragenter', (e) => {
  if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
  dragDepth += 1;
  els.dropZone.classList.add('dragging');
});
window.addEventListener('dragleave', () => {
  dragDepth = Math.max(dragDepth - 1, 0);
  if (!dragDepth) els.dropZone.classList.remove('dragging');
});
window.addEventListener('dragover', (e) => {
  e.preventDefault();
  if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
});
window.addEventListener('drop', (e) => {
  e.preventDefault();
  dragDepth = 0;
  els.dropZone.classList.remove('dragging');
  if (e.dataTransfer) entriesOfDrop(e.dataTransfer).then(loadEntries, (err) => showError({ code: 'io_error', message: err.message }, 'The dropped files could not be read'));
});

// ---------------------------------------------------------------------------------------------
// The job

let jobSeq = 0;
let progressTimer = 0;

function setStatus(text) {
  els.status.textContent = text;
}

function showProgress(p) {
  const name = state.source?.name ?? 'the model';
  if (p.phase === 'module') {
    setStatus('Loading the estimator…');
    els.progress.removeAttribute('value');
  } else if (p.phase === 'reading') {
    if (p.total > 0) {
      els.progress.value = p.loaded / p.total;
      setStatus(`Reading ${name}: ${Math.floor((100 * p.loaded) / p.total)} % of ${formatFileSize(p.total)}…`);
    } else {
      els.progress.removeAttribute('value');
      setStatus(`Reading ${name}: ${formatFileSize(p.loaded)}…`);
    }
  } else if (p.phase === 'estimating') {
    els.progress.removeAttribute('value');
    setStatus(`Inferring shapes and estimating the energy of ${name}…`);
  }
}

// What a job reads: the dropped File, or a sample's URL.
const jobSource = () => (state.source instanceof Blob ? state.source : { url: state.source.url, name: state.source.name });

function setBusy(busy) {
  clearTimeout(progressTimer);
  document.body.classList.toggle('busy', busy);
  els.results.setAttribute('aria-busy', String(busy));
  if (busy) progressTimer = setTimeout(() => { els.progress.hidden = false; }, PROGRESS_DELAY_MS);
  else els.progress.hidden = true;
}

async function run() {
  if (!state.source) return;
  if (!validate()) return;
  const seq = ++jobSeq;
  client.cancel(); // a new file or new options stop the job still running
  clearError();
  setBusy(true);
  showProgress({ phase: 'reading', loaded: 0, total: state.source.size ?? 0 });
  const started = performance.now();
  const source = jobSource();
  const shown = state.models.find((m) => m.file === state.source);
  try {
    const onProgress = (p) => seq === jobSeq && showProgress(p);
    let data = await client.estimate(source, options(), onProgress);
    if (seq !== jobSeq) return;
    if (!state.decoder && hasKvCache(data.report)) {
      // A decoder with a KV cache, found by its first report: estimated again as generation (the
      // worker holds its graph, so this costs the estimate only).
      state.decoder = true;
      data = await client.estimate(source, options(), onProgress);
      if (seq !== jobSeq) return;
    }
    const answered = performance.now();
    render(data, answered - started);
    // From the worker's answer to the frame that shows it, for whoever measures the page
    // (tests/browser/page_bench.mjs): a task queued from the next frame runs after its paint.
    requestAnimationFrame(() => setTimeout(() => { els.status.dataset.paintMs = (performance.now() - answered).toFixed(1); }));
    // the list's rows are plain estimates (the prefill of a generation is another figure)
    if (shown && !data.report.generation) state.modelResults.set(resultKey(shown), summaryOf(data));
  } catch (e) {
    if (seq !== jobSeq || e.code === 'cancelled') return;
    if (e.code === 'bad_profile' && userProfile()) {
      // The core rejected the loaded profile: it leaves the list, and the GPU chosen before comes back.
      showError(e, `The profile ${userProfile().file} could not be used`);
      state.userProfiles = state.userProfiles.filter((p) => p.id !== state.hardware);
      state.hardware = state.hardwareBeforeFile ?? 'h100';
      renderHardwareOptions();
      writeHash();
      return;
    }
    showError(e, `${state.source?.name ?? 'This file'} could not be estimated`);
    if (shown) state.modelResults.set(resultKey(shown), { error: e });
  } finally {
    if (seq === jobSeq) setBusy(false);
  }
  if (seq === jobSeq && state.models.length) refreshModelList(seq);
}

// ---------------------------------------------------------------------------------------------
// The model list (several files or a folder)

// A row's result holds for the options of its estimate, the file name apart.
const resultKey = (m) => `${JSON.stringify(settings())}|${m.path}`;
const summaryOf = ({ report }) => {
  const s = perSample(report);
  return {
    layers: report.total.layers, energyJ: report.total.energy_j, batch: report.batch, energyPerSample: s.energy, timePerSample: s.time,
    low: s.low, high: s.high, incomplete: incompleteness(report.total),
  };
};
// How the model list is sorted: a column of summaryOf (or the name), and a direction.
const modelSort = { key: 'name', dir: 'asc' };

// Estimates the models not yet in the list for the current options, one after another; a newer job
// (another file, other options) stops it.
async function refreshModelList(seq) {
  renderModelList();
  for (const m of state.models) {
    if (state.modelResults.has(resultKey(m))) continue;
    try {
      const data = await client.estimate(m.file, { file_name: m.file.name, ...settings() });
      if (seq !== jobSeq) return;
      state.modelResults.set(resultKey(m), summaryOf(data));
    } catch (e) {
      if (seq !== jobSeq || e.code === 'cancelled') return;
      state.modelResults.set(resultKey(m), { error: e });
    }
    renderModelList();
  }
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderModelList() {
  els.modelList.hidden = !state.models.length;
  if (!state.models.length) return;
  const n = state.ignored.length;
  const names = state.ignored.slice(0, 3).map((e) => `${e.path} (${e.reason})`).join(', ');
  $('model-list-title').textContent = `${state.models.length} model${state.models.length > 1 ? 's' : ''}`;
  $('model-list-note').textContent = n
    ? `Not read: ${n} other file${n > 1 ? 's' : ''}: ${names}${n > 3 ? ` and ${n - 3} more` : ''}.`
    : 'Select a model to see its layers.';
  const value = (m) => (modelSort.key === 'name' ? m.path : state.modelResults.get(resultKey(m))?.[modelSort.key]);
  const order = [...state.models].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va == null || vb == null) return (va == null) - (vb == null); // not estimated yet: last
    const d = typeof va === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return modelSort.dir === 'asc' ? d : -d;
  });
  const max = Math.max(0, ...state.models.map((m) => state.modelResults.get(resultKey(m))?.energyPerSample ?? 0)) || 1;
  const rows = order.map((m) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'model-row';
    const result = state.modelResults.get(resultKey(m));
    tr.setAttribute('aria-current', String(m.file === state.source));
    const name = document.createElement('th');
    name.scope = 'row';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'model';
    button.textContent = m.path;
    button.addEventListener('click', () => loadFile(m.file));
    name.append(button);
    tr.append(name);
    if (!result) {
      tr.append(cell('…', 'num'), cell('estimating…', 'num'), cell('', 'num'), cell(''), cell(''));
    } else if (result.error) {
      const failed = cell(`${result.error.message} (${result.error.code})`, 'failed');
      failed.colSpan = 5;
      tr.append(failed);
    } else {
      const energy = cell('', 'num bar-cell');
      const bar = Object.assign(document.createElement('span'), { className: 'bar-fill' });
      bar.style.setProperty('--share', String(result.energyPerSample / max));
      energy.append(bar, Object.assign(document.createElement('span'), { className: 'bar-label', textContent: formatEnergy(result.energyPerSample) }));
      energy.dataset.joules = String(result.energyJ); // per batch, as the headline's data-joules
      energy.dataset.joulesPerSample = String(result.energyPerSample);
      energy.title = `${result.energyPerSample} J per sample (batch ${result.batch})`;
      tr.append(cell(String(result.layers), 'num'), energy, cell(formatTime(result.timePerSample), 'num'),
        cell(formatInterval(result.low, result.high)), cell(result.incomplete ?? 'yes', result.incomplete ? 'incomplete' : ''));
    }
    return tr;
  });
  els.modelList.querySelector('tbody').replaceChildren(...rows);
  for (const th of els.modelList.querySelectorAll('thead th')) {
    const key = th.querySelector('button')?.dataset.modelSort;
    if (key === modelSort.key) th.setAttribute('aria-sort', modelSort.dir === 'asc' ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
}

els.modelList.querySelector('thead').addEventListener('click', (e) => {
  const key = e.target.closest('button[data-model-sort]')?.dataset.modelSort;
  if (!key) return;
  modelSort.dir = modelSort.key === key ? (modelSort.dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc';
  modelSort.key = key;
  renderModelList();
});

// The list as CSV: one line per model, the figures per sample, in joules and seconds.
$('export-models').addEventListener('click', () => {
  const quote = (s) => `"${String(s).replaceAll('"', '""')}"`;
  const lines = ['model,layers,batch,energy_j_per_sample,time_s_per_sample,energy_j_low_per_sample,energy_j_high_per_sample,complete,error'];
  for (const m of state.models) {
    const r = state.modelResults.get(resultKey(m));
    if (!r) lines.push(`${quote(m.path)},,,,,,,,"not estimated yet"`);
    else if (r.error) lines.push(`${quote(m.path)},,,,,,,,${quote(`${r.error.message} (${r.error.code})`)}`);
    else lines.push(`${quote(m.path)},${r.layers},${r.batch},${r.energyPerSample},${r.timePerSample},${r.low},${r.high},${r.incomplete ? 'false' : 'true'},`);
  }
  const hardware = state.userProfiles.length && userProfile() ? userProfile().id.replace(/^file:/, '') : state.hardware;
  download(`${lines.join('\n')}\n`, 'text/csv', `wattlayer_models_${hardware}_b${state.batch ?? 'exported'}.csv`);
});

const HINTS = {
  empty_file: 'The file is empty.',
  unknown_format: 'WattLayer reads ONNX models (.onnx) and its JSON model format (.json).',
  truncated: 'The file looks cut short or is not an ONNX model: was the download complete?',
  bad_json: 'The file is not valid JSON.',
  invalid_model: 'The file is readable but does not describe a valid model.',
  module_unavailable: 'The WebAssembly module is not available.',
  out_of_memory: 'The model is too large for the memory of this browser tab.',
  too_large: 'The file asks for more than any real model needs (nodes, nesting or names): it looks broken or hostile.',
  no_model: 'Drop .onnx or .json model files; weight files alone are not needed.',
};

function clearError() {
  els.error.hidden = true;
  els.error.replaceChildren();
}

function showError(e, title) {
  clearError();
  const heading = document.createElement('p');
  heading.className = 'error-title';
  heading.textContent = title;
  const message = document.createElement('p');
  message.textContent = `${e.message}${e.code ? ` (${e.code})` : ''}`;
  els.error.append(heading, message);
  if (HINTS[e.code]) {
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = HINTS[e.code];
    els.error.append(hint);
  }
  els.error.hidden = false;
  bringIntoView(els.error);
  // the results on screen belong to another file or other options: take them away
  state.report = null;
  state.text = null;
  els.results.hidden = true;
  document.body.classList.remove('has-report');
  els.totalEnergy.removeAttribute('data-joules');
  els.totalEnergy.removeAttribute('data-joules-per-sample');
  els.totalEnergy.removeAttribute('data-complete');
  els.totalEnergy.textContent = '';
  $('lower-bound').hidden = true;
  setStatus('No result. Drop another file, or try a sample.');
}

// ---------------------------------------------------------------------------------------------
// The report

const setText = (id, text, title) => {
  const el = $(id);
  el.textContent = text;
  if (title) el.title = title;
  else el.removeAttribute('title');
};

// A total that is not the model's exact figure says so (report.js: incompleteness).
function showBoundBadge(t) {
  const badge = $('lower-bound');
  const text = incompleteness(t);
  badge.hidden = !text;
  if (text) badge.textContent = `${text} (see the warnings)`;
}

// The graph inputs as the estimate resolved them: "input_ids 1×128, attention_mask 1×128".
function inputsText(inputs) {
  const shown = inputs.slice(0, 4).map((i) => `${i.name} ${formatShape(i.shape)}`);
  return inputs.length > 4 ? `${shown.join(', ')} and ${inputs.length - 4} more` : shown.join(', ') || 'none';
}

function render(data, elapsedMs) {
  const { report, text } = data;
  state.report = report;
  state.text = text;
  const t = report.total;
  const hw = report.hardware;

  setText('model-name', state.source.name);
  const size = data.size ? ` (${formatFileSize(data.size)})` : '';
  const meta = [
    `model ${report.model.name}${size}`,
    `${report.model.format.toUpperCase()}${report.model.opset ? `, opset ${report.model.opset}` : ''}${report.model.producer ? `, from ${report.model.producer}` : ''}`,
    `${t.layers} layers`,
    `batch ${report.batch}`,
    `inputs ${inputsText(report.graph_inputs)}`,
    `${report.model.precision} file`,
    `${hw.name} (${hw.source}, ${hw.runtime}, ${hw.precision})`,
    `fitted classes cover ${formatPercent(t.fitted_flops_share)} of FLOPs, ${formatPercent(t.fitted_layers_share)} of layers`,
  ];
  setText('model-meta', meta.join(' · '));

  // The report's totals are for one pass of the batch; a sample is one of its `batch` inputs.
  const batch = report.batch;
  const joulesPerSample = perSample(report).energy;
  const per = batch > 1 ? `per batch of ${batch}` : 'per inference';
  // Under generation the report's layers and total are the prompt's prefill (the panel below has the rest).
  const gen = report.generation;
  const prefill = gen ? `Prefill of ${gen.prompt_tokens.toLocaleString('en-US')} tokens${batch > 1 ? `, per batch of ${batch}` : ''}` : null;
  setText('energy-label', gen ? `Energy: ${prefill.toLowerCase()}` : `Energy ${per}`);
  setText('time-label', gen ? `Time: ${prefill.toLowerCase()}` : `Time ${per}`);
  setText('work-label', gen ? `Work: ${prefill.toLowerCase()}` : `Work ${per}`);
  setText('per-thousand-label', gen ? 'Per 1,000 prompts' : 'Per 1,000 samples');
  els.totalEnergy.textContent = formatEnergy(t.energy_j);
  showBoundBadge(t);
  els.totalEnergy.dataset.joules = String(t.energy_j);
  els.totalEnergy.dataset.joulesPerSample = String(joulesPerSample);
  els.totalEnergy.dataset.complete = String(t.complete !== false);
  els.totalEnergy.title = `${t.energy_j} J`;
  // The summary in one card: per sample and per batch, and the likely range (the interval card has it too)
  setText('total-mwh', `${batch > 1
    ? `${formatEnergy(joulesPerSample)} per sample · ${significant(toMilliwattHours(t.energy_j))} mWh per batch`
    : `${significant(toMilliwattHours(t.energy_j))} mWh`} · likely ${formatInterval(t.energy_j_low, t.energy_j_high)}`);
  setText('per-thousand', `${significant(toWattHoursPer(joulesPerSample, 1000))} Wh`, `${toWattHoursPer(joulesPerSample, 1000)} Wh`);
  setText('total-time', formatTime(t.time_s), `${t.time_s} s`);
  setText('overhead-time', `of which ${formatTime(t.overhead_time_s)} framework overhead`);
  setText('interval', formatInterval(t.energy_j_low, t.energy_j_high), `${t.energy_j_low} J to ${t.energy_j_high} J`);
  setText('overhead-share', formatPercent(t.overhead_energy_j / t.energy_j));
  setText('overhead-energy', `${formatEnergy(t.overhead_energy_j)} ${gen ? 'of the prefill' : per}`);
  setText('total-flops', `${formatCount(t.flops)}FLOP`.replace(/(\d)FLOP/, '$1 FLOP'), `${t.flops} FLOPs`);
  setText('total-bytes', `${formatCount(t.params)} params · ${formatBytes(t.bytes_read)} read · ${formatBytes(t.bytes_written)} written `);
  setText('interval-note', '5th to 95th percentile, cross-validated');

  if (gen) generationPanel.render(report);
  else generationPanel.hide();
  renderWorkload();
  $('compare-result').replaceChildren(); // a comparison of the previous result
  renderShare();
  renderWarnings(report);
  els.results.classList.remove('stale');
  els.results.hidden = false;
  document.body.classList.add('has-report');
  bringIntoView(els.results);
  depthChart.setReport(report);
  renderCategoryChart($('category-chart'), categoryTotals(report), t.energy_j);
  showLayerPhase();
  $('batch-note').textContent = batchNote();
  els.batch.placeholder = state.batch == null ? `${report.batch} (as exported)` : 'as exported';
  dimsNote();
  sizesNote();
  const warn = report.warnings.length ? `, ${report.warnings.length} warning${report.warnings.length > 1 ? 's' : ''}` : '';
  // the timings of the last job, for whoever measures the page (tests/browser)
  Object.assign(els.status.dataset, {
    readMs: data.timing.read_ms.toFixed(1), estimateMs: data.timing.estimate_ms.toFixed(1), totalMs: elapsedMs.toFixed(1),
    wasmMemoryBytes: String(data.wasmMemoryBytes), skippedBytes: String(data.skippedBytes),
  });
  const skipped = data.skippedBytes ? ` ${formatFileSize(data.skippedBytes)} of weights were skipped unread.` : '';
  const sample = batch > 1 ? ` (${formatEnergy(joulesPerSample)} per sample)` : '';
  const answer = gen
    ? `${formatEnergy(gen.energy_j)} for an answer of ${gen.output_tokens.toLocaleString('en-US')} tokens to a ${gen.prompt_tokens.toLocaleString('en-US')}-token prompt (prefill ${formatEnergy(t.energy_j)})`
    : `${formatEnergy(t.energy_j)} ${per}${sample}`;
  setStatus(`Estimated ${state.source.name} in ${Math.round(elapsedMs)} ms: ${answer} on ${hw.name}${warn}.${skipped}`);
}

// The layer table under generation: the prefill's layers (the report's), or one decode step's
// (generation.decode_layers, with fewer fields: generation.js).
function showLayerPhase() {
  const report = state.report;
  const decode = report.generation ? decodeStepReport(report) : null;
  const box = $('layer-phase');
  box.hidden = !report.generation;
  if (!decode) state.layerPhase = 'prefill';
  const [prefillButton, decodeButton] = box.querySelectorAll('button');
  if (report.generation) {
    prefillButton.textContent = `Prefill, ${report.generation.prompt_tokens.toLocaleString('en-US')} tokens`;
    decodeButton.textContent = decode ? `One decode step, context ${report.generation.decode[0].context.toLocaleString('en-US')}` : 'No decode step';
  }
  decodeButton.disabled = !decode;
  for (const b of box.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.phase === state.layerPhase));
  // the decode step's layers have no category: no grouping by it
  els.group.querySelector('option[value="category"]').disabled = state.layerPhase === 'decode';
  table.setReport(state.layerPhase === 'decode' ? decode : report);
}

function setLayerPhase(phase) {
  state.layerPhase = phase;
  if (state.report) showLayerPhase();
}
$('layer-phase').addEventListener('click', (e) => {
  const phase = e.target.closest('button[data-phase]')?.dataset.phase;
  if (phase && phase !== state.layerPhase) setLayerPhase(phase);
});

// "1.13 – 1.95 J" when both ends share a unit, else "812 mJ – 1.2 J".
function formatInterval(low, high) {
  const a = formatEnergy(low, 3);
  const b = formatEnergy(high, 3);
  const unitA = a.split(' ')[1];
  return unitA === b.split(' ')[1] ? `${a.split(' ')[0]} – ${b}` : `${a} – ${b}`;
}

function renderWarnings(report) {
  const list = $('warning-list');
  const section = $('warnings');
  section.classList.toggle('none', report.warnings.length === 0);
  $('warnings-heading').textContent = report.warnings.length ? `Warnings (${report.warnings.length})` : 'Warnings';
  if (!report.warnings.length) {
    const li = document.createElement('li');
    li.className = 'ok';
    li.textContent = 'None: the report has no warnings.';
    list.replaceChildren(li);
    return;
  }
  const index = new Map(report.layers.map((l, i) => [l.name, i]));
  list.replaceChildren(...report.warnings.map((w) => {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.className = 'badge';
    code.textContent = w.code;
    const message = document.createElement('span');
    message.textContent = pageWording(w.message, w.code);
    li.append(code, ' ', message);
    if (w.layers?.length) {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = `${w.layers.length} layer${w.layers.length > 1 ? 's' : ''} listed`;
      const names = document.createElement('ul');
      names.className = 'layer-links';
      for (const entry of w.layers) {
        const item = document.createElement('li');
        const name = entry.split(': ')[0];
        if (index.has(name)) {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'link';
          b.textContent = entry;
          b.addEventListener('click', () => revealLayer(index.get(name)));
          item.append(b);
        } else {
          item.textContent = entry;
        }
        names.append(item);
      }
      details.append(summary, names);
      li.append(details);
    }
    return li;
  }));
}

// ---------------------------------------------------------------------------------------------
// Share: the widget's HTML and a Markdown summary (share.js)

function renderShare() {
  const report = state.report;
  const sample = state.source instanceof Blob ? null : state.source?.url;
  const own = userProfile();
  const settings = {
    hardware: own ? null : state.hardware, precision: own || state.precision === 'auto' ? null : state.precision,
    batch: state.batch, dims: state.dimsText.trim() || null,
  };
  const src = sample ? new URL(sample, location.href).href : `path/to/${state.source.name}`;
  $('share-widget').value = widgetSnippet({ widgetUrl: new URL('src/widget.js', location.href).href, src, settings });
  $('share-widget-note').textContent = sample
    ? 'The widget reads the model from this site; copy both lines into your page.'
    : `Put ${state.source.name} beside your page (or give its URL) in place of path/to/.` +
      (own ? ' A profile loaded from a file is not available to the widget: it uses the built-in GPUs.' : '');
  $('share-markdown').value = markdownSummary(report, state.source.name, new URL('./', location.href).href);
}

// A "Copy" button beside a read-only text: the share box's, and a version comparison's Markdown.
async function copyField(e) {
  const id = e.target.closest('button[data-copy]')?.dataset.copy;
  if (!id) return;
  const text = $(id).value;
  try {
    await navigator.clipboard.writeText(text);
    e.target.textContent = 'Copied';
  } catch {
    $(id).select(); // no clipboard access (an insecure page): selected, for Ctrl+C
    e.target.textContent = 'Selected: press Ctrl+C';
  }
  setTimeout(() => { e.target.textContent = 'Copy'; }, 2000);
}
document.querySelector('.share').addEventListener('click', copyField);
$('compare-result').addEventListener('click', copyField);

// ---------------------------------------------------------------------------------------------
// Comparisons: the model on every profile, and against the batch size (compare.js)

async function compare(kind) {
  if (!state.source || !state.report) return;
  const seq = jobSeq; // another file or other options make the comparison moot
  const host = $('compare-result');
  const source = jobSource();
  const { profile, ...base } = options(); // eslint-disable-line no-unused-vars
  const estimate = (o) => {
    if (seq !== jobSeq) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
    return client.estimate(source, { ...(kind === 'batch' ? options() : base), ...o });
  };
  const note = Object.assign(document.createElement('p'), { className: 'hint' });
  host.replaceChildren(note);
  try {
    if (kind === 'gpus') {
      const profiles = state.profiles ?? [];
      let done = 0;
      note.textContent = `Estimating on ${profiles.length} profiles…`;
      const rows = await everyProfile(estimate, profiles, () => { note.textContent = `Estimated on ${++done} of ${profiles.length} profiles…`; });
      if (seq !== jobSeq) return;
      note.textContent = `${state.source.name} on every GPU and precision, energy per sample at batch ${state.report.batch}, cheapest first. ` +
        'Transferred profiles come from datasheet ratios and are not validated by a measurement of that GPU.';
      host.append(profileTable(rows));
    } else {
      note.textContent = 'Estimating at each batch size…';
      const points = await batchCurve(estimate, CURVE_BATCHES);
      if (seq !== jobSeq) return;
      const first = points[0];
      const last = points[points.length - 1];
      note.textContent = `${state.source.name} on ${state.report.hardware.name}: energy per sample from batch ${first.batch} ` +
        `(${formatEnergy(first.energy)}) to ${last.batch} (${formatEnergy(last.energy)}). Batches above the largest the profile was ` +
        `measured at (${measuredBatches().join(', ')}) are extrapolated.`;
      host.append(batchCurveChart(points, Math.min(Math.max(host.clientWidth, 320), 760)));
    }
  } catch (e) {
    if (seq !== jobSeq || e.code === 'cancelled') return;
    note.textContent = `The comparison stopped: ${e.message}${e.code ? ` (${e.code})` : ''}`;
  }
}
$('compare-gpus').addEventListener('click', () => compare('gpus'));
const measuredBatches = () => state.profiles?.find((p) => p.id === state.report.hardware.id)?.measured_batches ?? [1, 8];
$('compare-batch').addEventListener('click', () => compare('batch'));

// An earlier version of the model on the page, compared by the core as `wattlayer diff` would.
async function compareVersion(earlier) {
  if (!state.source || !state.report || !earlier) return;
  const seq = jobSeq;
  const host = $('compare-result');
  const note = Object.assign(document.createElement('p'), { className: 'hint' });
  host.replaceChildren(note);
  note.textContent = `Comparing ${earlier.name} with ${state.source.name}…`;
  try {
    const { generation, ...base } = options(); // eslint-disable-line no-unused-vars
    const { diff, markdown } = await client.diff(earlier, jobSource(), { ...base, before_name: earlier.name });
    if (seq !== jobSeq) return;
    note.textContent = `${earlier.name} (earlier) against ${state.source.name}, on ${state.report.hardware.name}, batch ${state.report.batch}. ` +
      'Both are estimated with the same settings.';
    host.append(...versionDiffView(diff, markdown));
  } catch (e) {
    if (seq !== jobSeq || e.code === 'cancelled') return;
    note.textContent = `The comparison stopped: ${e.message}${e.code ? ` (${e.code})` : ''}`;
  }
}
$('compare-version').addEventListener('click', () => $('version-input').click());
$('version-input').addEventListener('change', (e) => {
  const [file] = e.target.files;
  e.target.value = ''; // the same file again is a new comparison
  compareVersion(file);
});


// ---------------------------------------------------------------------------------------------
// The workload: the energy per sample over many inferences, as facility energy, CO2e and cost

{
  const grid = $('wl-grid');
  for (const g of GRIDS) grid.append(new Option(`${g.name} (${g.grams} g)`, g.id));
  grid.append(new Option('Custom…', 'custom'));
  $('wl-grid-note').textContent = `${GRID_SOURCE.year} intensities: ${GRID_SOURCE.name}.`;
}

function syncWorkloadControls() {
  const w = state.workload;
  $('wl-count').value = String(w.count);
  $('wl-pue').value = String(w.pue);
  $('wl-grid').value = w.grid;
  $('wl-grams').value = w.grid === 'custom' ? (w.grams ?? '') : String(gridGrams(w));
  $('wl-price').value = w.price ?? '';
}

function renderWorkload() {
  const report = state.report;
  if (!report) return;
  const w = state.workload;
  const f = workloadFigures(perSample(report).energy, w);
  const count = `${significant(w.count)} inferences`;
  const show = (id, text, value, title) => {
    const el = $(id);
    el.textContent = text;
    if (value == null) delete el.dataset.value;
    else el.dataset.value = String(value);
    el.title = title ?? '';
  };
  show('wl-kwh', formatWattHours(f.gpuKwh * 1000), f.gpuKwh, `${f.gpuKwh} kWh for ${count}`);
  show('wl-facility', formatWattHours(f.facilityKwh * 1000), f.facilityKwh, `${f.facilityKwh} kWh: the GPU's times a PUE of ${w.pue}`);
  show('wl-co2e', f.co2eGrams == null ? 'set gCO₂e per kWh' : formatGrams(f.co2eGrams), f.co2eGrams,
    f.co2eGrams == null ? '' : `${f.co2eGrams} g at ${gridGrams(w)} gCO₂e per kWh`);
  show('wl-cost', f.cost == null ? 'set a price' : significant(f.cost, 3), f.cost, f.cost == null ? '' : `${f.cost} at ${w.price} per kWh`);
  // A decoder's generation: a million output tokens, from the core's J per 1,000 output tokens.
  const gen = report.generation;
  for (const el of document.querySelectorAll('.workload-figures .per-token')) el.hidden = !gen;
  $('wl-count-note').textContent = gen ? 'Prompts, each at the prefill energy above; whole answers are per million output tokens below.'
    : 'Samples, each at the energy per sample above.';
  if (gen) {
    const m = tokenFigures(gen.joules_per_1000_output_tokens, w);
    show('wl-kwh-mtok', formatWattHours(m.gpuKwh * 1000), m.gpuKwh, `${m.gpuKwh} kWh of GPU energy per million output tokens (${gen.joules_per_1000_output_tokens} J per 1,000)`);
    show('wl-co2e-mtok', m.co2eGrams == null ? 'set gCO₂e per kWh' : formatGrams(m.co2eGrams), m.co2eGrams,
      m.co2eGrams == null ? '' : `${m.co2eGrams} g: ${m.facilityKwh} kWh (a PUE of ${w.pue}) at ${gridGrams(w)} gCO₂e per kWh`);
  }
  $('workload-heading').textContent = `As a workload: ${count}`;
}

// A field that is not a valid number keeps the previous setting (the browser marks it invalid).
$('workload-form').addEventListener('input', (e) => {
  const w = state.workload;
  const value = e.target.value === '' ? null : Number(e.target.value);
  const valid = value == null || (Number.isFinite(value) && e.target.checkValidity());
  switch (e.target.id) {
    case 'wl-count': if (value != null && valid && value > 0) w.count = value; break;
    case 'wl-pue': if (value != null && valid) w.pue = value; break;
    case 'wl-grid':
      w.grid = e.target.value;
      if (w.grid !== 'custom') w.grams = null;
      $('wl-grams').value = w.grid === 'custom' ? (w.grams ?? '') : String(gridGrams(w));
      break;
    case 'wl-grams':
      if (!valid) break;
      w.grid = 'custom';
      w.grams = value;
      $('wl-grid').value = 'custom';
      break;
    case 'wl-price': if (valid) w.price = value; break;
    default: return;
  }
  renderWorkload();
  writeHash();
});

// ---------------------------------------------------------------------------------------------
// Table controls and exports

function syncViewControls() {
  if (els.filter.value !== state.view.filter) els.filter.value = state.view.filter;
  els.group.value = state.view.group;
  els.hideZero.checked = state.view.hideZero;
}

// Every keystroke filters at once: the table draws only the rows in sight.
els.filter.addEventListener('input', () => {
  state.view.filter = els.filter.value;
  table.setView({ filter: state.view.filter });
  writeHash();
});
els.group.addEventListener('change', () => {
  state.view.group = els.group.value;
  table.setView({ group: state.view.group });
  writeHash();
});
els.hideZero.addEventListener('change', () => {
  state.view.hideZero = els.hideZero.checked;
  table.setView({ hideZero: state.view.hideZero });
  writeHash();
});

function download(content, type, name) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
$('export-json').addEventListener('click', () => state.text && download(`${state.text}\n`, 'application/json', `${exportBaseName(state.report, state.source?.name)}.json`));
// The CSV is the core's, as `wattlayer estimate --format csv` writes it: one more job on the
// graph the worker holds.
$('export-csv').addEventListener('click', async () => {
  if (!state.report || !state.source) return;
  const report = state.report;
  const source = jobSource();
  try {
    const { text } = await client.estimate(source, { ...options(), format: 'csv' });
    download(text, 'text/csv', `${exportBaseName(report, source.name)}.csv`);
  } catch (e) {
    if (e.code !== 'cancelled') showError(e, 'The CSV could not be written');
  }
});

// ---------------------------------------------------------------------------------------------

window.addEventListener('hashchange', applyHash);
applyHash();
if (!state.source) setStatus(client.version ? readyText() : 'Loading the estimator…');
