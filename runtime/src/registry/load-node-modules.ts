import { UserError } from '@millwright/model';
import { NodeRegistry, type AnyNodeDefinition, type FamilyExtension } from '@millwright/sdk';
import { importNodeModule } from '../engine/module-mode.js';

/** The built-in node packages, loaded when no list is configured. */
export const DEFAULT_NODE_MODULES = [
  '@millwright/nodes-core',
  '@millwright/nodes-opcua',
  '@millwright/nodes-mqtt',
  '@millwright/nodes-enterprise',
  '@millwright/nodes-mes',
  '@millwright/nodes-sql',
  '@millwright/nodes-network',
  '@millwright/nodes-modbus',
  '@millwright/nodes-dashboard',
];

/**
 * Imports node modules (package names or file URLs), each exporting `nodes` (an array of node
 * definitions) or a default export of one definition or an array, and registers them, with the
 * family's `extensions` (admin routes, editor helpers, shutdown steps; see `FamilyExtension`) when
 * it exports some. Runs in the main thread and again in every flow worker, so both see the same
 * types (workers never mount the routes).
 *
 * Throws a `UserError` when a module cannot be imported (`node_module_load_failed`), exports no
 * nodes (`no_nodes`), or defines a type another module (or itself) already defined
 * (`duplicate_node_type`, naming both modules).
 */
export async function loadNodeModules(
  specifiers: readonly string[] = DEFAULT_NODE_MODULES,
  /** How to import a module; dev-mode reloads pass one that loads a fresh copy. */
  importModule: (specifier: string) => Promise<unknown> = importNodeModule,
): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  for (const spec of specifiers) {
    let mod: unknown;
    try {
      mod = await importModule(spec);
    } catch (err) {
      throw new UserError(
        'node_module_load_failed',
        `cannot load node module "${spec}": ${err instanceof Error ? err.message : String(err)}`,
        err,
      );
    }
    const defs = toDefinitions(field(mod, 'nodes') ?? field(mod, 'default'));
    if (!defs.length)
      throw new UserError('no_nodes', `node module "${spec}" exports no nodes (expected an array named "nodes")`);
    for (const def of defs) {
      const owner = registry.sourceOf(def.type);
      if (registry.definition(def.type))
        throw new UserError(
          'duplicate_node_type',
          `node type "${def.type}" is defined twice: by "${owner ?? spec}" and by "${spec}"`,
        );
      registry.add(def, { source: spec });
    }
    for (const ext of toExtensions(field(mod, 'extensions'))) {
      try {
        registry.addExtension(ext, { source: spec });
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new UserError('duplicate_family_extension', `node module "${spec}": ${why}`, err);
      }
    }
  }
  return registry;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

function toDefinitions(value: unknown): AnyNodeDefinition[] {
  const list: unknown[] = Array.isArray(value) ? value : value ? [value] : [];
  return list.filter(isDefinition);
}

function toExtensions(value: unknown): FamilyExtension[] {
  return (Array.isArray(value) ? value : []).filter((v): v is FamilyExtension => typeof field(v, 'id') === 'string');
}

function isDefinition(v: unknown): v is AnyNodeDefinition {
  return typeof field(v, 'type') === 'string' && typeof field(v, 'setup') === 'function';
}
