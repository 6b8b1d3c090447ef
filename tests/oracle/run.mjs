// ONNX Runtime as the oracle for WattLayer's shapes: runs each model in onnxruntime-web's
// WebAssembly backend under Node (no native download, no browser) and checks that every layer
// output shape WattLayer states concretely is the shape the runtime produced.
//
//   node tests/oracle/run.mjs CLI OUT_DIR FILE|DIR... [--min-models N] [--jobs N] [--timeout S]
//
// Per model: `CLI inspect FILE --format json` gives the layers' output shapes and the resolved
// graph inputs; tests/oracle/prepare.py writes a runnable copy (stripped weights zero-filled, every
// node output a graph output) and the map layer name -> output tensor names (the report has no
// tensor names); a child Node process runs the copy on zero-filled inputs of WattLayer's input
// shapes and writes every output's dims. A fully numeric WattLayer shape must equal the runtime's,
// or, for a `bounded` layer (a data-dependent size costed at its most), be >= it dim by dim. Dims
// WattLayer leaves unknown or symbolic are "not stated". Layers without a main-graph node (inlined
// If branches and functions, "<node>/<inner>") have no runtime counterpart: counted, not compared.
//
// Exits 1 on any mismatch, any WattLayer crash, or fewer than --min-models models run. A model the
// runtime cannot load or run (an operator it lacks, the 4 GB wasm32 heap, the timeout), or whose
// inputs cannot be made, is skipped with its reason. Each model runs in its own child process so
// that an out-of-memory abort or a hang costs that model only. Files with the same bytes run once.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const PREPARE = join(self, '../prepare.py');
const PYTHON = '/usr/bin/python3'; // Debian's python3-onnx (1.12)

// ------------------------------------------------------------------------------------------------
// The child: runs one prepared model and writes {output name: dims}

async function child(modelPath, inputsPath, resultPath) {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1; // no worker threads: one core per child, and the child can be killed cleanly
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(readFileSync(modelPath), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'disabled', // fused or folded nodes would lose their output names
  });
  const feeds = {};
  for (const { name, dtype, shape } of JSON.parse(readFileSync(inputsPath, 'utf8'))) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new TYPED_ARRAYS[dtype](n);
    // A merged decoder's use-cache flag is true, as WattLayer assumes it (one decode step) when unset.
    if (dtype === 'bool' && /use_cache/i.test(name)) data.fill(1);
    feeds[name] = new ort.Tensor(dtype, data, shape);
  }
  const outputs = await session.run(feeds);
  const dims = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    dims[name] = [...tensor.dims];
    tensor.dispose?.();
  }
  writeFileSync(resultPath, JSON.stringify(dims));
}

// Zero-filled input data per WattLayer dtype (ORT's float16 takes raw bits in a Uint16Array).
const TYPED_ARRAYS = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array,
  int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array,
  uint64: BigUint64Array, bool: Uint8Array,
};

// ------------------------------------------------------------------------------------------------
// The parent

function usage(message) {
  console.error(`runtime oracle: ${message}\nusage: node tests/oracle/run.mjs CLI OUT_DIR FILE|DIR... [--min-models N] [--jobs N] [--timeout S]`);
  return 2;
}

async function main(argv) {
  const opts = { minModels: 1, jobs: 1, timeout: 120 };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = { '--min-models': 'minModels', '--jobs': 'jobs', '--timeout': 'timeout' }[argv[i]];
    if (flag) opts[flag] = Number(argv[++i]);
    else positional.push(argv[i]);
  }
  if (positional.length < 3 || Object.values(opts).some((v) => !(v >= 0))) return usage('bad arguments');
  const [cli, outDir, ...paths] = positional;
  mkdirSync(outDir, { recursive: true });

  // The models: directories expanded to their .onnx files; files with the same bytes run once.
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p).filter((f) => f.endsWith('.onnx')).sort().map((f) => join(p, f))
      : [p]);
  const byHash = new Map();
  const models = [];
  for (const file of files) {
    const hash = createHash('sha1').update(readFileSync(file)).digest('hex');
    if (byHash.has(hash)) continue;
    byHash.set(hash, file);
    models.push(file);
  }
  console.log(`runtime oracle: ${models.length} distinct models of ${files.length} files, ${opts.jobs} at a time`);

  const results = new Array(models.length);
  let next = 0, done = 0;
  const worker = async () => {
    while (next < models.length) {
      const i = next++;
      const t0 = Date.now();
      results[i] = await oneModel(cli, outDir, models[i], i, opts);
      results[i].seconds = (Date.now() - t0) / 1000;
      console.log(`[${++done}/${models.length}] ${describe(results[i])}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.jobs) }, worker));

  const ran = results.filter((r) => r.status === 'ran');
  const skipped = results.filter((r) => r.status === 'skipped');
  const crashed = results.filter((r) => r.status === 'crash');
  const sum = (key) => ran.reduce((a, r) => a + r[key], 0);
  const mismatches = ran.flatMap((r) => r.mismatches.map((m) => ({ model: r.file, ...m })));
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify({ results }, null, 1));

  console.log(`\nskipped: ${skipped.length ? '' : 'none'}`);
  for (const r of skipped) console.log(`  ${basename(r.file)}: ${r.reason}`);
  if (crashed.length) console.log('WattLayer crashed on:');
  for (const r of crashed) console.log(`  ${basename(r.file)}: ${r.reason}`);
  if (mismatches.length) console.log('mismatches (model, layer [output], WattLayer vs runtime):');
  for (const m of mismatches) console.log(`  ${basename(m.model)}  ${m.layer} [${m.output}] ${m.bounded ? '(bounded) ' : ''}${fmt(m.wattlayer)} vs ${fmt(m.runtime)}`);
  const ok = mismatches.length === 0 && crashed.length === 0 && ran.length >= opts.minModels;
  console.log(`\nruntime oracle: ${ok ? 'PASS' : 'FAIL'}: ${ran.length} models ran (minimum ${opts.minModels}), ` +
    `${skipped.length} skipped, ${crashed.length} WattLayer crashes; ${sum('compared')} outputs compared: ` +
    `${sum('equal')} equal, ${sum('boundedOk')} within their bound, ${mismatches.length} mismatches; ` +
    `${sum('notStated')} not stated, ${sum('noRuntime')} without a runtime tensor, ${sum('unmatched')} layers without a runtime counterpart`);
  return ok ? 0 : 1;
}

function describe(r) {
  const name = basename(r.file);
  if (r.status !== 'ran') return `${name}: ${r.status}: ${r.reason}`;
  const lines = [`${name}: ${r.compared} compared, ${r.equal} equal, ${r.boundedOk} bounded-ok, ` +
    `${r.mismatches.length} mismatches, ${r.notStated} not stated, ${r.noRuntime} without a runtime tensor, ${r.unmatched} unmatched layers (${r.seconds.toFixed(1)} s)`];
  for (const m of r.mismatches.slice(0, 20)) {
    lines.push(`    mismatch ${m.layer} [${m.output}] ${m.bounded ? '(bounded) ' : ''}${fmt(m.wattlayer)} vs runtime ${fmt(m.runtime)}`);
  }
  if (r.mismatches.length > 20) lines.push(`    ... ${r.mismatches.length - 20} more in summary.json`);
  return lines.join('\n');
}

const fmt = (shape) => (shape ? `[${shape.join(',')}]` : 'none');

// Runs a command; resolves to {code, signal, stdout, stderr} (never rejects on a failing exit).
function runCommand(file, args, timeoutSec) {
  return new Promise((done) => {
    execFile(file, args, { maxBuffer: 1 << 30, timeout: timeoutSec * 1000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      // err.code is the exit status, or a string when the program could not start (ENOENT, EACCES)
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      done({ code, signal: err?.signal ?? null, startError: typeof err?.code === 'string' ? err.code : null, stdout, stderr });
    });
  });
}

// The last line of a tool's output, or of a child's error (Node.js ends a crash with its version line).
const lastLine = (text) => text.trim().split('\n').filter((l) => l && !/^Node\.js v\d/.test(l)).pop()?.slice(0, 300) ?? '';

async function oneModel(cli, outDir, file, index, opts) {
  const skip = (reason) => ({ file, status: 'skipped', reason });

  // WattLayer's report. Exit 2 with {"error":...} is a clean refusal; anything else is a crash.
  const inspect = await runCommand(cli, ['inspect', file, '--format', 'json'], opts.timeout);
  let report;
  try {
    report = JSON.parse(inspect.stdout);
  } catch {
    report = null;
  }
  if (inspect.code === 2 && report?.error) return skip(`WattLayer refuses it: ${JSON.stringify(report.error)}`);
  if (inspect.startError) return { file, status: 'crash', reason: `the CLI could not start: ${inspect.startError}` };
  if (inspect.code !== 0 || !report?.layers) {
    return { file, status: 'crash', reason: `wattlayer inspect: exit ${inspect.code}, signal ${inspect.signal}: ${lastLine(inspect.stderr)}` };
  }

  // Inputs of WattLayer's resolved shapes.
  for (const input of report.graph_inputs) {
    if (!input.shape || !input.shape.every(Number.isInteger)) return skip(`input ${input.name} has no numeric shape (${JSON.stringify(input.shape)})`);
    if (!TYPED_ARRAYS[input.dtype]) return skip(`input ${input.name} has dtype ${input.dtype}, which the oracle cannot make`);
  }

  const stem = join(outDir, `${index}_${basename(file, '.onnx')}`);
  const runnable = `${stem}.runnable.onnx`;
  try {
    const prepared = await runCommand(PYTHON, [PREPARE, file, runnable, `${stem}.map.json`], opts.timeout);
    if (prepared.code === 3) return skip(`prepare.py: ${lastLine(prepared.stdout)}`);
    if (prepared.code !== 0) return skip(`prepare.py failed (exit ${prepared.code}, signal ${prepared.signal}): ${lastLine(prepared.stderr)}`);
    writeFileSync(`${stem}.inputs.json`, JSON.stringify(report.graph_inputs));
    rmSync(`${stem}.runtime.json`, { force: true });
    const run = await runCommand(process.execPath, [self, '--child', runnable, `${stem}.inputs.json`, `${stem}.runtime.json`], opts.timeout);
    if (run.code !== 0) {
      const why = run.signal === 'SIGKILL' ? `killed: no result within ${opts.timeout} s, or out of memory` : lastLine(run.stderr) || `exit ${run.code}, signal ${run.signal}`;
      return skip(`ONNX Runtime cannot run it: ${why}`);
    }
  } finally {
    rmSync(runnable, { force: true }); // up to 1.5 GB of zeros: only the map and the dims are kept
  }
  const map = JSON.parse(readFileSync(`${stem}.map.json`, 'utf8'));
  const runtime = JSON.parse(readFileSync(`${stem}.runtime.json`, 'utf8'));
  return { file, status: 'ran', ...compare(report, map, runtime) };
}

function compare(report, map, runtime) {
  const r = { compared: 0, equal: 0, boundedOk: 0, notStated: 0, noRuntime: 0, unmatched: 0, mismatches: [] };
  for (const layer of report.layers) {
    const names = map.nodes[layer.name];
    if (!names) {
      r.unmatched++;
      continue;
    }
    layer.outputs.forEach((shape, j) => {
      const tensor = names[j];
      const actual = tensor ? runtime[tensor] : undefined;
      if (!shape || !shape.every(Number.isInteger)) {
        r.notStated++; // unknown or symbolic dims
        return;
      }
      if (!actual) {
        r.noRuntime++; // an optional output the node leaves out (no tensor name), or none returned
        return;
      }
      r.compared++;
      const sameRank = shape.length === actual.length;
      if (!layer.bounded && sameRank && shape.every((d, k) => d === actual[k])) r.equal++;
      else if (layer.bounded && sameRank && shape.every((d, k) => d >= actual[k])) r.boundedOk++;
      else r.mismatches.push({ layer: layer.name, op: layer.op, output: j, tensor, bounded: !!layer.bounded, wattlayer: shape, runtime: actual });
    });
  }
  return r;
}

// ------------------------------------------------------------------------------------------------
// Last, so that every constant above is defined (top-level await).

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else {
  process.exitCode = await main(process.argv.slice(2));
}
