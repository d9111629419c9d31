import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A custom node package found on disk: a package.json with a `millwright` section. */
export interface DiscoveredPackage {
  name: string;
  version?: string;
  /** Package folder (symlinks resolved). */
  dir: string;
  source: 'node_modules' | 'nodes-dir';
  /** File URLs of the entry modules listed in `millwright.nodes` (`millwright.sources` in dev mode). */
  entries: string[];
  /** Why the package cannot be loaded (bad package.json, missing entry, duplicate name). */
  error?: string;
}

/** Where to look: folders holding packages (`node_modules`, a nodes directory). */
export interface DiscoverOptions {
  /** node_modules folders; only packages with a `millwright` section count, others are skipped silently. */
  nodeModulesDirs?: readonly string[];
  /** Folders of node packages (one package per subfolder, `@scope/name` allowed); a package without a `millwright` section is reported. */
  nodesDirs?: readonly string[];
  /**
   * Dev mode (`--dev`): load a package's `millwright.sources` (its TypeScript entries, through tsx)
   * instead of `millwright.nodes` (its compiled entries), so edits reload without a build.
   */
  dev?: boolean;
}

/**
 * Finds node packages: `package.json` files with `{ "millwright": { "nodes": ["./dist/index.js"] } }`
 * in the top level (and `@scope/*`) of each folder. Nodes directories come first, so a local copy
 * of a package wins over an installed one of the same name (the other is reported as a duplicate).
 * Never throws for a broken package: it is returned with `error` so the runtime can start without it.
 */
export async function discoverNodePackages(options: DiscoverOptions): Promise<DiscoveredPackage[]> {
  const found: DiscoveredPackage[] = [];
  for (const dir of options.nodesDirs ?? []) found.push(...(await scan(dir, 'nodes-dir', options.dev === true)));
  for (const dir of options.nodeModulesDirs ?? [])
    found.push(...(await scan(dir, 'node_modules', options.dev === true)));
  const byName = new Map<string, DiscoveredPackage>();
  const byDir = new Set<string>();
  const out: DiscoveredPackage[] = [];
  for (const p of found) {
    if (byDir.has(p.dir)) continue; // the same folder reached twice (a symlink in node_modules)
    byDir.add(p.dir);
    const first = byName.get(p.name);
    if (first && !first.error) {
      out.push({ ...p, entries: [], error: `duplicate package "${p.name}": already loaded from ${first.dir}` });
      continue;
    }
    byName.set(p.name, p);
    out.push(p);
  }
  return out;
}

async function scan(root: string, source: DiscoveredPackage['source'], dev: boolean): Promise<DiscoveredPackage[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const dirs: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      const scoped = await readdir(join(root, name)).catch(() => [] as string[]);
      for (const s of scoped.sort()) dirs.push(join(root, name, s));
    } else dirs.push(join(root, name));
  }
  // Read in parallel: a project's node_modules holds hundreds of packages.
  const found = await Promise.all(
    dirs.map(async (dir) =>
      (await stat(dir).catch(() => undefined))?.isDirectory() ? readPackage(dir, source, dev) : undefined,
    ),
  );
  return found.filter((p): p is DiscoveredPackage => p !== undefined);
}

/** The package in `dir`, or undefined when it is not a node package (silently, in node_modules). */
async function readPackage(
  dir: string,
  source: DiscoveredPackage['source'],
  dev: boolean,
): Promise<DiscoveredPackage | undefined> {
  const real = await realpath(dir).catch(() => resolve(dir));
  const broken = (name: string, error: string): DiscoveredPackage => ({ name, dir: real, source, entries: [], error });
  const text = await readFile(join(real, 'package.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return source === 'nodes-dir' ? broken(dir, 'no package.json') : undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return broken(dir, `package.json is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const field = (key: string) => (typeof json === 'object' && json !== null ? Reflect.get(json, key) : undefined);
  const section = field('millwright');
  const name = typeof field('name') === 'string' ? String(field('name')) : dir;
  if (section === undefined)
    return source === 'nodes-dir' ? broken(name, 'package.json has no "millwright" section') : undefined;
  const version = typeof field('version') === 'string' ? String(field('version')) : undefined;
  const entry = (key: string) =>
    typeof section === 'object' && section !== null ? Reflect.get(section, key) : undefined;
  const sources = entry('sources');
  const nodes = dev && Array.isArray(sources) ? sources : entry('nodes');
  const base = { name, ...(version ? { version } : {}), dir: real, source };
  if (!Array.isArray(nodes) || !nodes.length || !nodes.every((n) => typeof n === 'string'))
    return { ...base, entries: [], error: '"millwright.nodes" must list the entry files, e.g. ["./dist/index.js"]' };
  const entries: string[] = [];
  for (const rel of nodes as string[]) {
    const file = resolve(real, rel);
    if (relative(real, file).startsWith('..') || !file.startsWith(real + sep))
      return { ...base, entries: [], error: `entry "${rel}" lies outside the package` };
    if (!(await stat(file).catch(() => undefined))?.isFile())
      return { ...base, entries: [], error: `entry "${rel}" does not exist (not built yet? run "npm run build")` };
    entries.push(pathToFileURL(file).href);
  }
  return { ...base, entries };
}
