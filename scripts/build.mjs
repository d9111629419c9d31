#!/usr/bin/env node
// Builds what production runs: every workspace package's TypeScript to dist/*.js (esbuild, one file
// per source file, no bundling), declaration files for the packages node authors compile against,
// and the editor (Vite). Plain JavaScript so it runs before anything is compiled.
// See docs/decisions/0004-compiled-javascript.md.
//
//   node scripts/build.mjs [--no-editor]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const args = new Set(process.argv.slice(2));

/** Packages whose declarations are published: what a custom node package imports. */
const TYPED = ['packages/model', 'packages/sdk'];
/** Files that stay out of dist: tests run from the sources under Vitest. */
const SKIP = /\.(test|spec)\.ts$|\.d\.ts$/;

/** Workspace folders with TypeScript sources, and where the sources start. */
function workspaces() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const dirs = [];
  for (const pattern of root.workspaces) {
    const base = pattern.endsWith('/*') ? pattern.slice(0, -2) : null;
    const names = base ? readdirSync(join(ROOT, base)).map((n) => `${base}/${n}`) : [pattern];
    for (const dir of names) {
      if (dir === 'editor' || !existsSync(join(ROOT, dir, 'package.json'))) continue;
      dirs.push({ dir, src: existsSync(join(ROOT, dir, 'src')) ? 'src' : '.' });
    }
  }
  return dirs;
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

async function buildPackage({ dir, src }) {
  const srcDir = join(ROOT, dir, src);
  const outDir = join(ROOT, dir, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  const files = walk(srcDir);
  const entryPoints = files.filter((f) => f.endsWith('.ts') && !SKIP.test(f));
  await esbuild.build({
    entryPoints,
    outbase: srcDir,
    outdir: outDir,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  // Plain JavaScript and JSON beside the sources (e.g. the worker thread boot file) ship as they are.
  for (const f of files.filter((f) => /\.(mjs|cjs|js|json)$/.test(f))) {
    const to = join(outDir, relative(srcDir, f));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(f, to);
  }
  return entryPoints.length;
}

/** Declarations for TYPED, emitted by tsc in one program, then moved into each package's dist. */
function buildTypes() {
  const tmp = join(ROOT, '.tmp/types');
  rmSync(tmp, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.types.json')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('declaration build failed');
  for (const dir of TYPED) cpSync(join(tmp, dir, 'src'), join(ROOT, dir, 'dist'), { recursive: true });
}

function buildEditor() {
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: join(ROOT, 'editor'),
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('editor build failed');
}

const started = Date.now();
let count = 0;
for (const ws of workspaces()) count += await buildPackage(ws);
buildTypes(); // always: a package build wipes its dist/, declarations included
if (!args.has('--no-editor')) buildEditor();
// The editor and the demo plant's flows ship inside the runtime package: an installed runtime serves
// the editor and can run the demo (see DEFAULT_EDITOR_DIR and DEMO_FLOWS_DIR).
if (existsSync(join(ROOT, 'editor/dist/index.html')))
  cpSync(join(ROOT, 'editor/dist'), join(ROOT, 'runtime/dist/editor'), { recursive: true });
cpSync(join(ROOT, 'flows/demo-plant'), join(ROOT, 'runtime/dist/demo/flows'), {
  recursive: true,
  filter: (f) => statSync(f).isDirectory() || f.endsWith('.json'),
});
console.log(`build: ${count} files compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
