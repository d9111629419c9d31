import { flowSchema, type Flow } from './flow.js';
import { fromZodIssues, issue, type PathSegment, type ValidationIssue } from './issues.js';
import type { NodeCatalog } from './node-type-info.js';
import { sharedConfigIdIssues, sharedDocumentIssues } from './shared-configs.js';

/** Result of validating one flow: either the parsed flow or every fault found. */
export type FlowValidation = { ok: true; flow: Flow; issues: [] } | { ok: false; issues: ValidationIssue[] };

export interface ValidateFlowOptions {
  /** Node types to check against. Without it only the structure is checked. */
  catalog?: NodeCatalog;
  /** Config nodes defined in other flows of the same deployment (id -> type). */
  externalConfigs?: ReadonlyMap<string, string>;
  /** Prefix for every issue path, e.g. `['flows', 2]` when validating a list. */
  pathPrefix?: PathSegment[];
  /**
   * Other flows of the same deployment, not validated: their nodes count as targets of node
   * references (a runtime of a cluster checks the flows placed on it, whose link-outs may name a
   * link-in of a flow placed elsewhere).
   */
  referenceContext?: readonly Flow[];
}

/**
 * Validates an unknown value as a flow: structure, unique ids, wires, node types, port ranges,
 * node configs and config-node references. Reports every fault with its JSON path rather than
 * stopping at the first, so an editor can mark them all at once.
 */
export function validateFlow(value: unknown, options: ValidateFlowOptions = {}): FlowValidation {
  const prefix = options.pathPrefix ?? [];
  const parsed = flowSchema.safeParse(value);
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues, prefix) };
  const flow = parsed.data;
  const issues: ValidationIssue[] = sharedDocumentIssues(flow, prefix);
  const at = (...p: PathSegment[]): PathSegment[] => [...prefix, ...p];

  const nodeIndex = new Map<string, number>();
  const seen = new Map<string, PathSegment[]>();
  const claim = (nodeId: string, path: PathSegment[]): void => {
    const first = seen.get(nodeId);
    if (first) issues.push(issue(path, 'duplicate_id', `id "${nodeId}" is already used at ${pathText(first)}`));
    else seen.set(nodeId, path);
  };
  flow.nodes.forEach((n, i) => {
    claim(n.id, at('nodes', i, 'id'));
    nodeIndex.set(n.id, i);
  });
  const configTypes = new Map<string, string>(options.externalConfigs ?? []);
  (flow.configs ?? []).forEach((c, i) => {
    claim(c.id, at('configs', i, 'id'));
    configTypes.set(c.id, c.type);
  });

  const catalog = options.catalog;
  const outputs = new Map<string, number>();
  const inputs = new Map<string, number>();
  if (catalog) {
    flow.nodes.forEach((n, i) => {
      const info = catalog.get(n.type);
      if (!info) {
        issues.push(issue(at('nodes', i, 'type'), 'unknown_type', `unknown node type "${n.type}"`));
        return;
      }
      if (info.isConfig) {
        issues.push(
          issue(at('nodes', i, 'type'), 'config_node_in_nodes', `"${n.type}" is a config node; put it in "configs"`),
        );
        return;
      }
      if (n.typeVersion > info.version) {
        issues.push(
          issue(
            at('nodes', i, 'typeVersion'),
            'version_too_new',
            `"${n.type}" version ${n.typeVersion} is newer than the installed version ${info.version}`,
          ),
        );
        return;
      }
      for (const f of info.validateConfig(n.config))
        issues.push(issue(at('nodes', i, 'config', ...f.path), f.code, f.message));
      for (const ref of info.configRefs) {
        const target = n.config[ref.key];
        if (target === undefined || target === '') continue;
        const targetType = typeof target === 'string' ? configTypes.get(target) : undefined;
        if (targetType === undefined)
          issues.push(
            issue(
              at('nodes', i, 'config', ref.key),
              'missing_config_node',
              `config node "${String(target)}" does not exist`,
            ),
          );
        else if (targetType !== ref.type)
          issues.push(
            issue(
              at('nodes', i, 'config', ref.key),
              'wrong_config_node_type',
              `config node "${String(target)}" is a "${targetType}", expected "${ref.type}"`,
            ),
          );
      }
      outputs.set(n.id, info.outputCount(n.config));
      inputs.set(n.id, info.inputs);
    });
    (flow.configs ?? []).forEach((c, i) => {
      const info = catalog.get(c.type);
      if (!info) issues.push(issue(at('configs', i, 'type'), 'unknown_type', `unknown config node type "${c.type}"`));
      else if (!info.isConfig)
        issues.push(issue(at('configs', i, 'type'), 'not_a_config_node', `"${c.type}" is not a config node`));
      else
        for (const f of info.validateConfig(c.config))
          issues.push(issue(at('configs', i, 'config', ...f.path), f.code, f.message));
    });
  }

  flow.wires.forEach((w, i) => {
    for (const end of ['from', 'to'] as const) {
      const ref = w[end];
      if (!nodeIndex.has(ref.node)) {
        issues.push(issue(at('wires', i, end, 'node'), 'dangling_wire', `wire ${end} unknown node "${ref.node}"`));
        continue;
      }
      const count = end === 'from' ? outputs.get(ref.node) : inputs.get(ref.node);
      if (count !== undefined && ref.port >= count)
        issues.push(
          issue(
            at('wires', i, end, 'port'),
            'port_out_of_range',
            `node "${ref.node}" has ${count} ${end === 'from' ? 'output' : 'input'} port(s); port ${ref.port} does not exist`,
          ),
        );
    }
  });

  return issues.length ? { ok: false, issues } : { ok: true, flow, issues: [] };
}

/**
 * Validates a whole deployment: each flow, flow ids unique across the set, node ids unique across
 * flows (link and catch nodes address nodes by id), and config references across flows: to the
 * config nodes of shared config documents (decision 0039) and, as before them, of other flows.
 */
export function validateFlows(
  values: unknown,
  options: Omit<ValidateFlowOptions, 'pathPrefix' | 'externalConfigs'> = {},
): { ok: true; flows: Flow[]; issues: [] } | { ok: false; issues: ValidationIssue[] } {
  if (!Array.isArray(values)) return { ok: false, issues: [issue([], 'invalid_type', 'expected an array of flows')] };
  // Config nodes may be shared across flows, so collect them first.
  const externalConfigs = new Map<string, string>();
  for (const v of values as unknown[]) {
    const configs = isRecord(v) && Array.isArray(v['configs']) ? (v['configs'] as unknown[]) : [];
    for (const c of configs)
      if (isRecord(c) && typeof c['id'] === 'string' && typeof c['type'] === 'string')
        externalConfigs.set(c['id'], c['type']);
  }
  const issues: ValidationIssue[] = [];
  const flows: Flow[] = [];
  const flowIds = new Map<string, number>();
  const nodeIds = new Map<string, number>();
  const placed: Array<{ flow: Flow; index: number }> = [];
  (values as unknown[]).forEach((v, i) => {
    const r = validateFlow(v, { ...options, externalConfigs, pathPrefix: [i] });
    if (!r.ok) {
      issues.push(...r.issues);
      return;
    }
    const prev = flowIds.get(r.flow.id);
    if (prev !== undefined)
      issues.push(issue([i, 'id'], 'duplicate_flow_id', `flow id "${r.flow.id}" is already used by flow [${prev}]`));
    flowIds.set(r.flow.id, i);
    r.flow.nodes.forEach((n, j) => {
      const owner = nodeIds.get(n.id);
      if (owner !== undefined && owner !== i)
        issues.push(issue([i, 'nodes', j, 'id'], 'duplicate_id', `node id "${n.id}" is also used in flow [${owner}]`));
      else nodeIds.set(n.id, i);
    });
    flows.push(r.flow);
    placed.push({ flow: r.flow, index: i });
  });
  issues.push(...sharedConfigIdIssues(placed));
  if (options.catalog) issues.push(...checkNodeRefs(placed, options.catalog, options.referenceContext ?? []));
  return issues.length ? { ok: false, issues } : { ok: true, flows, issues: [] };
}

/**
 * Ids in `nodeRef` config keys (link-out targets, catch/status scopes) must name an existing node of
 * an allowed type (in the same flow where the key says so): a typo is refused at deploy with the
 * path of the id, not found when the first message goes nowhere.
 */
function checkNodeRefs(
  placed: Array<{ flow: Flow; index: number }>,
  catalog: NodeCatalog,
  context: readonly Flow[],
): ValidationIssue[] {
  const where = new Map<string, { type: string; index: number }>();
  // Nodes of context flows: existing targets, never in the same flow as a checked one (index -1).
  for (const flow of context) for (const n of flow.nodes) where.set(n.id, { type: n.type, index: -1 });
  for (const { flow, index } of placed) for (const n of flow.nodes) where.set(n.id, { type: n.type, index });
  const issues: ValidationIssue[] = [];
  for (const { flow, index } of placed)
    flow.nodes.forEach((n, j) => {
      for (const ref of catalog.get(n.type)?.nodeRefs ?? []) {
        const value = n.config[ref.key];
        const ids = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
        ids.forEach((id, k) => {
          if (typeof id !== 'string' || id === '') return;
          const path: PathSegment[] = [index, 'nodes', j, 'config', ref.key, ...(typeof value === 'string' ? [] : [k])];
          const target = where.get(id);
          const wanted = ref.types?.length ? ` ${ref.types.map((t) => `"${t}"`).join(' or ')}` : '';
          if (!target) issues.push(issue(path, 'dangling_node_reference', `no${wanted} node has the id "${id}"`));
          else if (ref.types?.length && !ref.types.includes(target.type))
            issues.push(
              issue(path, 'wrong_node_reference_type', `node "${id}" is a "${target.type}", expected${wanted}`),
            );
          else if (ref.sameFlow && target.index !== index)
            issues.push(
              issue(path, 'node_reference_other_flow', `node "${id}" is in another flow; pick one of this flow`),
            );
        });
      }
    });
  return issues;
}

function pathText(path: PathSegment[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
