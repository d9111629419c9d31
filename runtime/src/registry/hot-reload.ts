import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { configsById, referencedConfigs, type Flow, type RuntimeEvent } from '@millwright/model';
import type { AnyNodeDefinition, NodeRegistry } from '@millwright/sdk';
import type { DiscoveredPackage } from './discover-node-packages.js';
import { loadDefinitions } from './node-packages.js';

/** What one reload did. */
export interface ReloadResult {
  package: string;
  /** Types the package defines now. */
  types: string[];
  /** Flows restarted because they use one of those types. */
  restarted: string[];
  /** Set when the reload failed; the old definitions stay registered and no flow was touched. */
  error?: string;
}

export interface HotReloadOptions {
  packages: readonly DiscoveredPackage[];
  registry: NodeRegistry;
  /** The deployed flows. */
  flows: () => readonly Flow[];
  /** Restarts flows so their workers import the packages again (`FlowManager.restartFlows`). */
  restartFlows: (flowIds: readonly string[]) => Promise<string[]>;
  emit: (e: RuntimeEvent) => void;
  /** Current flows revision, for the `deploy` event announcing restarted flows. */
  revision: () => string;
  /** Quiet time after the last file change before reloading (default 200 ms). */
  debounceMs?: number;
  /** Imports a module afresh; default: tsx's `tsImport`, which loads a new module graph each call. */
  importFresh?: (specifier: string) => Promise<unknown>;
  /** Called after every reload (tests, logs). */
  onReload?: (r: ReloadResult) => void;
}

/** A running watcher; `reload` can also be called directly. */
export interface NodePackageWatcher {
  reload(packageName: string): Promise<ReloadResult>;
  close(): void;
}

/**
 * Dev mode: watches each package folder (not its node_modules) and, a moment after files change,
 * imports the package again as a fresh module graph, replaces its types in the main registry
 * (catalog and validation see the new schema) and restarts only the flows that use one of its
 * types; their new workers import the changed files. Other flows keep running. Emits a `log`
 * event per reload (and per restarted flow) and a `deploy` event when flows restarted.
 */
export function watchNodePackages(options: HotReloadOptions): NodePackageWatcher {
  const importFresh = options.importFresh ?? freshImport;
  const watchers: FSWatcher[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();
  const log = (level: 'info' | 'error', message: string, flowId = '') =>
    options.emit({ type: 'log', time: Date.now(), level, flowId, message });

  const reloadNow = async (pkg: DiscoveredPackage): Promise<ReloadResult> => {
    const previous = new Set(options.registry.types().filter((t) => options.registry.sourceOf(t) === pkg.name));
    let defs: AnyNodeDefinition[];
    try {
      defs = await loadDefinitions(pkg.entries, importFresh);
      const clash = defs.find((d) => options.registry.definition(d.type) && !previous.has(d.type));
      if (clash)
        throw new Error(`node type "${clash.type}" is already defined by "${options.registry.sourceOf(clash.type)}"`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log('error', `reload of node package "${pkg.name}" failed, keeping the running version: ${error}`);
      return { package: pkg.name, types: [...previous], restarted: [], error };
    }
    for (const def of defs) options.registry.add(def, { replace: true, source: pkg.name });
    const types = new Set([...previous, ...defs.map((d) => d.type)]);
    // A config node of a shared document (decision 0039) runs in the flows that reference it.
    const all = options.flows();
    const configs = configsById(all);
    const using = all
      .filter(
        (f) =>
          f.nodes.some((n) => types.has(n.type)) ||
          [...(f.configs ?? []), ...referencedConfigs({ flow: f, configs, catalog: options.registry })].some((c) =>
            types.has(c.type),
          ),
      )
      .map((f) => f.id);
    const restarted = await options.restartFlows(using);
    log(
      'info',
      `reloaded node package "${pkg.name}" (${defs.map((d) => d.type).join(', ')}); restarted ${restarted.length} flow(s)`,
    );
    for (const id of restarted) log('info', `restarted after node package "${pkg.name}" changed`, id);
    if (restarted.length)
      options.emit({ type: 'deploy', time: Date.now(), revision: options.revision(), mode: 'flows' });
    return { package: pkg.name, types: defs.map((d) => d.type).sort(), restarted };
  };

  const reload = (name: string): Promise<ReloadResult> => {
    const pkg = options.packages.find((p) => p.name === name);
    if (!pkg) return Promise.reject(new Error(`no discovered node package "${name}"`));
    // One reload at a time: restarts of the same flows must not interleave.
    const run = chain.then(() => reloadNow(pkg));
    chain = run.catch(() => undefined);
    return run.then((r) => {
      options.onReload?.(r);
      return r;
    });
  };

  const schedule = (pkg: DiscoveredPackage) => {
    if (closed) return;
    clearTimeout(timers.get(pkg.name));
    timers.set(
      pkg.name,
      setTimeout(() => {
        timers.delete(pkg.name);
        if (!closed) void reload(pkg.name);
      }, options.debounceMs ?? 200),
    );
  };

  for (const pkg of options.packages)
    void watchPackage(
      pkg.dir,
      () => schedule(pkg),
      watchers,
      () => closed,
    );

  return {
    reload,
    close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const w of watchers.splice(0)) w.close();
    },
  };
}

/** Watches the package folder itself and, recursively, its subfolders except node_modules and dot-folders. */
async function watchPackage(
  dir: string,
  onChange: () => void,
  into: FSWatcher[],
  isClosed: () => boolean,
): Promise<void> {
  const add = (path: string, recursive: boolean) => {
    if (isClosed()) return;
    try {
      into.push(
        watch(path, { recursive }, (_event, file) => {
          if (file && /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(String(file))) return;
          onChange();
        }),
      );
    } catch {
      // a folder that vanished between listing and watching: nothing to watch
    }
  };
  add(dir, false);
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => []))
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      add(join(dir, entry.name), true);
}

/** tsx's tsImport loads the module and everything it imports as a new graph, so edited files are seen. */
async function freshImport(specifier: string): Promise<unknown> {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(specifier, import.meta.url);
}
