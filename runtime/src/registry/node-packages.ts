import type { NodePackageInfo } from '@millwright/model';
import { NodeRegistry, type AnyNodeDefinition } from '@millwright/sdk';
import { discoverNodePackages, type DiscoveredPackage, type DiscoverOptions } from './discover-node-packages.js';
import { loadNodeModules } from './load-node-modules.js';

/** The node types a runtime has: built-in modules plus the custom packages that loaded. */
export interface InstalledNodes {
  registry: NodeRegistry;
  /** Built-in modules plus the entries of every package that loaded: what each flow worker imports. */
  workerModules: string[];
  /** Every discovered package, with its types or the reason it is not loaded (GET /api/nodes/packages). */
  packages: NodePackageInfo[];
  /** The discovered packages that loaded (for dev-mode reloads). */
  loaded: DiscoveredPackage[];
}

/**
 * Loads the built-in node modules (a failure there is fatal, as before), then discovers custom
 * node packages and registers each one that imports cleanly and defines no type that is already
 * taken. A broken package is reported through `onProblem` and in `packages[].error`, and the
 * runtime goes on without it. Packages whose name is one of `nodeModules` are skipped (already loaded).
 */
export async function loadInstalledNodes(
  args: DiscoverOptions & {
    nodeModules: readonly string[];
    onProblem?: (pkg: NodePackageInfo) => void;
  },
): Promise<InstalledNodes> {
  const registry = await loadNodeModules(args.nodeModules);
  const discovered = (await discoverNodePackages(args)).filter((p) => !args.nodeModules.includes(p.name));
  const packages: NodePackageInfo[] = [];
  const loaded: DiscoveredPackage[] = [];
  for (const pkg of discovered) {
    const info: NodePackageInfo = {
      name: pkg.name,
      ...(pkg.version ? { version: pkg.version } : {}),
      dir: pkg.dir,
      source: pkg.source,
      types: [],
    };
    const error = pkg.error ?? (await registerPackage(registry, pkg, () => loadNodeModules(pkg.entries), info));
    if (error) {
      info.error = error;
      args.onProblem?.(info);
    } else loaded.push(pkg);
    packages.push(info);
  }
  return { registry, workerModules: [...args.nodeModules, ...loaded.flatMap((p) => p.entries)], packages, loaded };
}

/** Imports entry modules and returns their node definitions; throws a UserError as `loadNodeModules` does. */
export async function loadDefinitions(
  entries: readonly string[],
  importModule?: (specifier: string) => Promise<unknown>,
): Promise<AnyNodeDefinition[]> {
  const own = await loadNodeModules(entries, importModule);
  return own.types().flatMap((t) => {
    const def = own.definition(t);
    return def ? [def] : [];
  });
}

/**
 * Registers a package's definitions and family extensions (admin routes, shutdown steps) unless one
 * of its types belongs to another module or an extension clashes with a registered one. Returns the
 * problem, or undefined after registering (and listing the types in `info`). Extensions are taken
 * at start: a dev-mode reload updates the node types, not the routes.
 */
async function registerPackage(
  registry: NodeRegistry,
  pkg: DiscoveredPackage,
  load: () => Promise<NodeRegistry>,
  info: NodePackageInfo,
): Promise<string | undefined> {
  let own: NodeRegistry;
  try {
    own = await load();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const defs = own.types().flatMap((t) => own.definition(t) ?? []);
  const clash = defs.find((d) => registry.definition(d.type));
  if (clash)
    return `node type "${clash.type}" is already defined by "${registry.sourceOf(clash.type) ?? 'another module'}"`;
  // All or nothing: try the extensions on a copy before touching the registry.
  const probe = new NodeRegistry();
  try {
    for (const ext of [...registry.extensions(), ...own.extensions()]) probe.addExtension(ext);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  for (const def of defs) registry.add(def, { source: pkg.name });
  for (const ext of own.extensions()) registry.addExtension(ext, { source: pkg.name });
  info.types = defs.map((d) => d.type).sort();
  return undefined;
}
