// Assembles the `wattlayer` npm package from the WebAssembly module and the page's own files, then
// packs it (npm pack: no dependencies, so no network).
//
//   node web/npm/build.mjs [--out DIR] [--no-pack]      (DIR: default build/npm)
//
// Writes DIR/wattlayer/ (the package folder) and DIR/wattlayer-VERSION.tgz. The package holds:
//   package.json, index.js, index.d.ts, widget.js, widget.d.ts, README.md   from web/npm/
//   src/*.js                                                                copied from web/src/
//   wasm/wattlayer.js, wasm/wattlayer.wasm                                  copied from web/wasm/
// src/ and wasm/ keep the page's layout (web/src next to web/wasm), so the widget, its worker and
// the engine find each other and the .wasm by the same relative URLs as on the page. Which files of
// web/src are copied is read from the code itself: every module, worker and `new URL(..., import.meta.url)`
// reference reachable from the package's entry points, parsed with Debian's acorn. A reference that
// does not resolve inside the package fails the build (except links to pages, listed as notes).
// The version is the core's (CMakeLists.txt's project version), checked against the module's.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1] : join(root, 'build/npm');
const pack = !args.includes('--no-pack');
const pkgDir = join(out, 'wattlayer');

function fail(message) {
  console.error(`npm package: ${message}`);
  process.exit(1);
}

// Debian's acorn (node-acorn, which Emscripten's optimizer needs too), or one on NODE_PATH.
function loadAcorn() {
  for (const base of [...(process.env.NODE_PATH ?? '').split(':').filter(Boolean), '/usr/share/nodejs']) {
    try {
      const require = createRequire(import.meta.url);
      return { acorn: require(join(base, 'acorn')), walk: require(join(base, 'acorn-walk')) };
    } catch { /* next */ }
  }
  return fail('acorn is missing: apt-get install node-acorn (or set NODE_PATH to a folder holding acorn and acorn-walk)');
}
const { acorn, walk } = loadAcorn();

// Where a package path comes from: src/ is web/src, wasm/ is web/wasm, the rest is web/npm.
function sourceOf(path) {
  if (path.startsWith('src/')) return join(root, 'web', path);
  if (path.startsWith('wasm/')) return join(root, 'web', path);
  return join(here, path);
}

// The relative URLs a module refers to: static and dynamic imports, re-exports, and
// `new URL('...', import.meta.url)` (a worker script, the .wasm, a page link).
function referencesOf(code, path) {
  let ast;
  try {
    ast = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch (e) {
    return fail(`${path} does not parse as an ES module: ${e.message}`);
  }
  const refs = [];
  const literal = (node) => (node && node.type === 'Literal' && typeof node.value === 'string' ? node.value : null);
  const isImportMetaUrl = (node) => node?.type === 'MemberExpression' && node.object.type === 'MetaProperty' && node.property.name === 'url';
  walk.full(ast, (node) => {
    if ((node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') && node.source) {
      refs.push({ kind: 'module', spec: literal(node.source) });
    } else if (node.type === 'ImportExpression' && literal(node.source)) {
      refs.push({ kind: 'module', spec: literal(node.source) });
    } else if (node.type === 'NewExpression' && node.callee.name === 'URL' && literal(node.arguments[0]) && isImportMetaUrl(node.arguments[1])) {
      refs.push({ kind: 'url', spec: literal(node.arguments[0]) });
    }
  });
  return refs;
}

// Every file reachable from the entry points, as package paths; notes for links left out.
function closure(entries) {
  const files = new Set();
  const notes = [];
  const queue = [...entries];
  while (queue.length) {
    const path = queue.shift();
    if (files.has(path)) continue;
    const source = sourceOf(path);
    if (!existsSync(source)) fail(`${path} (from ${relative(root, source)}) is missing${path.startsWith('wasm/') ? ': build it with bash tests/setup.sh' : ''}`);
    files.add(path);
    if (!path.endsWith('.js')) continue;
    for (const { kind, spec } of referencesOf(readFileSync(source, 'utf8'), path)) {
      if (spec.startsWith('node:')) continue; // Node's built-in modules (index.js under Node)
      if (kind === 'module' && !spec.startsWith('./') && !spec.startsWith('../')) fail(`${path} imports '${spec}': the package has no dependencies`);
      if (spec.endsWith('/')) continue; // a folder's URL (index.js's wasm/ for Emscripten's __dirname)
      const target = posix.normalize(posix.join(posix.dirname(path), spec));
      if (target.startsWith('../')) fail(`${path} refers to ${spec}, outside the package`);
      if (target.endsWith('.html')) {
        notes.push(`${path} links to ${spec} (${target}), a page the package does not ship`);
        continue;
      }
      queue.push(target);
    }
  }
  return { files: [...files].sort(), notes };
}

// ------------------------------------------------------------------------------------------------

const cmake = readFileSync(join(root, 'CMakeLists.txt'), 'utf8');
const version = /project\(wattlayer\s+VERSION\s+([0-9][^\s)]*)/.exec(cmake)?.[1] ?? fail('no project version in CMakeLists.txt');

// The entry points: the API, the widget, the page's worker client (exported as wattlayer/client.js).
const { files, notes } = closure(['index.js', 'widget.js', 'src/client.js', 'index.d.ts', 'widget.d.ts', 'README.md']);

rmSync(pkgDir, { recursive: true, force: true });
for (const path of files) {
  mkdirSync(dirname(join(pkgDir, path)), { recursive: true });
  copyFileSync(sourceOf(path), join(pkgDir, path));
}
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
manifest.version = version;
writeFileSync(join(pkgDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// Every copied file is published ("files"), and every export names a file of the package.
const published = (path) => manifest.files.some((f) => (f.endsWith('/') ? path.startsWith(f) : path === f));
for (const path of files) if (!published(path)) fail(`${path} is copied but not in package.json "files"`);
for (const [name, target] of Object.entries(manifest.exports)) {
  for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
    if (!file.includes('*') && !existsSync(join(pkgDir, file))) fail(`export ${name} names ${file}, which the package lacks`);
  }
}

// The module the package ships is the core of this version.
const api = await import(pathToFileURL(join(pkgDir, 'index.js')).href);
const moduleVersion = await api.version();
if (moduleVersion !== version) fail(`web/wasm/wattlayer.wasm is version ${moduleVersion}, CMakeLists.txt says ${version}: rebuild it (bash tests/setup.sh)`);

console.log(`wattlayer ${version} assembled in ${pkgDir}:`);
for (const path of [...files, 'package.json'].sort()) console.log(`  ${path.padEnd(22)} ${statSync(join(pkgDir, path)).size} bytes`);
for (const note of notes) console.log(`note: ${note}`);

if (pack) {
  const result = JSON.parse(execFileSync('npm', ['pack', '--json', '--offline', '--pack-destination', out], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const { filename, size, unpackedSize, entryCount } = result[0];
  console.log(`packed ${join(out, filename)}: ${entryCount} files, ${size} bytes (${unpackedSize} unpacked)`);
}
