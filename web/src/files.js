// What the user dropped: files and whole folders, sorted into models (read) and the rest (weight
// files beside a graph, configs, anything else: never read). WattLayer needs a model's graph only,
// so the external weights of a big model can be dropped with it and cost nothing.

const MAX_FILES = 10000; // a folder walk stops here: a drop is a few models, not a disk

// JSON files that sit beside an exported model (Hugging Face, Optimum, ONNX Runtime GenAI) and
// describe its tokenizer or settings: never a model, so never read.
const CONFIG_NAMES = new Set([
  'config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json',
  'added_tokens.json', 'vocab.json', 'preprocessor_config.json', 'processor_config.json', 'ort_config.json',
  'genai_config.json', 'quantize_config.json', 'model_index.json', 'scheduler_config.json', 'chat_template.json',
]);
const WEIGHT_PATTERN = /\.(onnx\.data|onnx_data|data|bin|pb|safetensors|pt|pth|ckpt|h5|npz|weights)$/;

const baseName = (name) => name.toLowerCase().split('/').pop();

/**
 * Why a file is not read as a model, or null when it is one (.onnx, or a JSON model).
 * "x.onnx.data" or "weights.bin" are weights; "config.json" beside a model is its configuration.
 */
export function notModelReason(name) {
  const lower = baseName(name);
  if (lower.endsWith('.onnx')) return null;
  if (lower.endsWith('.json')) return CONFIG_NAMES.has(lower) ? 'configuration, not a model' : null;
  if (WEIGHT_PATTERN.test(lower)) return 'weights: WattLayer needs the graph only';
  return 'not a model file (.onnx or .json)';
}

/** True for names WattLayer reads as models. */
export function isModelName(name) {
  return notModelReason(name) === null;
}

/**
 * Splits [{file, path}] into models (ONNX files first, then JSON models, each by path) and
 * ignored files (by path, each with its `reason`).
 * `path` is where the file sits in a dropped folder ("folder/model.onnx"), else its name.
 */
export function sortDropped(entries) {
  const isJson = (e) => e.file.name.toLowerCase().endsWith('.json');
  const modelOrder = (a, b) => isJson(a) - isJson(b) || a.path.localeCompare(b.path);
  const models = [];
  const ignored = [];
  for (const e of entries) {
    const reason = notModelReason(e.file.name);
    if (reason) ignored.push({ ...e, reason });
    else models.push(e);
  }
  return { models: models.sort(modelOrder), ignored: ignored.sort((a, b) => a.path.localeCompare(b.path)) };
}

/** Files chosen in an <input type=file> (with webkitdirectory, their folder paths too). */
export function entriesOfFileList(files) {
  return [...files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

const entryFile = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));

// A directory reader returns its entries in batches until an empty one.
async function readAll(directory) {
  const reader = directory.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return all;
    all.push(...batch);
  }
}

/**
 * The files of a drop, walking dropped folders (FileSystemEntry API). Falls back to
 * dataTransfer.files where entries are not available.
 */
export async function entriesOfDrop(dataTransfer) {
  const roots = [...(dataTransfer.items ?? [])].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (!roots.length) return entriesOfFileList(dataTransfer.files ?? []);
  const out = [];
  const pending = [...roots];
  while (pending.length && out.length < MAX_FILES) {
    const entry = pending.shift();
    if (entry.isDirectory) pending.push(...(await readAll(entry)));
    else if (entry.isFile) out.push({ file: await entryFile(entry), path: entry.fullPath.replace(/^\//, '') });
  }
  return out;
}
