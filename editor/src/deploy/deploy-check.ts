import { validateFlows, type Flow, type NodeCatalog, type NodeTypeInfo, type ValidationIssue } from '@millwright/model';
import { asSchema } from '../schema/json-schema.js';
import { validateValue } from '../schema/validate.js';
import { configRefs, nodeRefs, outputCount, type Catalog } from '../store/catalog.js';
import type { NodeIssue } from '../store/editor-state.js';

/**
 * The model's `NodeCatalog` built from GET /api/nodes, so the browser runs the same `validateFlows`
 * as the runtime (ids, wires, ports, config and node references), with configs checked by the JSON Schema
 * validator instead of zod.
 */
export function catalogAdapter(catalog: Catalog): NodeCatalog {
  const infos = new Map<string, NodeTypeInfo>();
  for (const entry of catalog.values()) {
    const schema = asSchema(entry.configSchema);
    infos.set(entry.type, {
      type: entry.type,
      version: entry.version,
      isConfig: entry.isConfig,
      inputs: entry.inputs,
      outputCount: (config) => outputCount(entry, config),
      validateConfig: (config) => validateValue(schema, config),
      configRefs: configRefs(entry),
      nodeRefs: nodeRefs(entry),
    });
  }
  return { get: (type) => infos.get(type) };
}

/**
 * Files deploy issues (paths `[flowIndex, 'nodes', i, ...]`) under the node, config node or flow
 * they concern; the node-relative rest of the path stays, e.g. `['config', 'timeoutMs']`.
 */
export function issuesByElement(flows: readonly Flow[], issues: readonly ValidationIssue[]): Map<string, NodeIssue[]> {
  const out = new Map<string, NodeIssue[]>();
  const add = (id: string, issue: NodeIssue) => {
    const list = out.get(id);
    if (list) list.push(issue);
    else out.set(id, [issue]);
  };
  for (const i of issues) {
    const [flowIndex, section, index, ...rest] = i.path;
    const flow = typeof flowIndex === 'number' ? flows[flowIndex] : undefined;
    const element =
      typeof index === 'number' && (section === 'nodes' || section === 'configs')
        ? flow?.[section]?.[index]
        : undefined;
    if (element) add(element.id, { path: rest, code: i.code, message: i.message });
    else add(flow?.id ?? '', { path: i.path.slice(1), code: i.code, message: i.message });
  }
  return out;
}

/** Runs the pre-deploy check; an empty map means the flows may be sent. */
export function checkBeforeDeploy(flows: readonly Flow[], catalog: Catalog): Map<string, NodeIssue[]> {
  const result = validateFlows(flows, { catalog: catalogAdapter(catalog) });
  return result.ok ? new Map() : issuesByElement(flows, result.issues);
}

/** Number of issues in a map from `issuesByElement`. */
export function issueCount(issues: ReadonlyMap<string, NodeIssue[]>): number {
  let n = 0;
  for (const list of issues.values()) n += list.length;
  return n;
}
