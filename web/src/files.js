// What the user dropped: files and whole folders, sorted into models (read) and the rest (weight
// files beside a graph, configs, anything else: never read). WattLayer needs a model's graph only,
// so the external weights of a big model can be dropped with it and cost nothing.

const MODEL_EXTENSIONS = ['.onnx', '.json'];
const MAX_FILES = 10000; // a folder walk stops here: a drop is a few models, not a disk

/** True for names WattLayer reads as models; "x.onnx.data" or "weights.bin" are not. */
export function isModelName(name) {
  const lower = name.toLowerCase();
  return MODEL_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Splits [{file, path}] into models and ignored files, each sorted by path.
 * `path` is where the file sits in a dropped folder ("folder/model.onnx"), else its name.
 */
export function sortDropped(entries) {
  const byPath = (a, b) => a.path.localeCompare(b.path);
  return {
    models: entries.filter((e) => isModelName(e.file.name)).sort(byPath),
    ignored: entries.filter((e) => !isModelName(e.file.name)).sort(byPath),
  };
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
