import type { Flow } from '@millwright/model';
import { configRefs, type Catalog } from '../store/catalog.js';

/** A node that uses a config node, and where it is. */
export interface ConfigUser {
  flowId: string;
  flowName: string;
  nodeId: string;
}

/**
 * Who uses each config node, across all flows (config nodes may be shared between flows): the
 * nodes (and config nodes, e.g. a TLS profile) whose config-reference keys hold its id.
 */
export function configUsers(flows: readonly Flow[], catalog: Catalog): Map<string, ConfigUser[]> {
  const users = new Map<string, ConfigUser[]>();
  for (const f of flows)
    for (const n of [...f.nodes, ...(f.configs ?? [])]) {
      const entry = catalog.get(n.type);
      if (!entry) continue;
      for (const ref of configRefs(entry)) {
        const id = n.config[ref.key];
        if (typeof id !== 'string' || !id) continue;
        const list = users.get(id) ?? [];
        list.push({ flowId: f.id, flowName: f.name, nodeId: n.id });
        users.set(id, list);
      }
    }
  return users;
}
