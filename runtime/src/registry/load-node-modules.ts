import { NodeRegistry, type AnyNodeDefinition } from '@millwright/sdk';

/** The built-in node packages, loaded when no list is configured. */
export const DEFAULT_NODE_MODULES = ['@millwright/nodes-core'];

/**
 * Imports node modules (package names or file URLs), each exporting `nodes` (an array of node
 * definitions) or a default export of one definition or an array, and registers them. Runs in the
 * main thread and again in every flow worker, so both see the same types.
 * Throws when a module has no nodes or two modules define the same type.
 */
export async function loadNodeModules(specifiers: readonly string[] = DEFAULT_NODE_MODULES): Promise<NodeRegistry> {
  const registry = new NodeRegistry();
  for (const spec of specifiers) {
    const mod = (await import(spec)) as { nodes?: unknown; default?: unknown };
    const defs = toDefinitions(mod.nodes ?? mod.default);
    if (!defs.length) throw new Error(`node module "${spec}" exports no nodes (expected an array named "nodes")`);
    for (const def of defs) registry.add(def, { source: spec });
  }
  return registry;
}

function toDefinitions(value: unknown): AnyNodeDefinition[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.filter(isDefinition);
}

function isDefinition(v: unknown): v is AnyNodeDefinition {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { type?: unknown }).type === 'string' &&
    typeof (v as { setup?: unknown }).setup === 'function'
  );
}
