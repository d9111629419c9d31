import type { Flow } from '../flow.js';
import { issue, type PathSegment, type ValidationIssue } from '../issues.js';
import { isSubflowDefinition, SUBFLOW_IN, SUBFLOW_PORT_TYPES, SUBFLOW_STATUS, subflowIdOf } from './subflow-ports.js';

/**
 * What only the whole deployment can tell about subflows (paths start at the flow's index, as in
 * `validateFlows`): every instance names a definition that exists, no definition contains itself
 * through its instances (cycle), port nodes sit only in definitions, at most one input and one
 * status port per definition, and parameter names are unique. Instance parameter values and the
 * wires inside a definition are checked by `validateFlows` with {@link subflowCatalog}.
 */
export function validateSubflows(flows: readonly Flow[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const defs = new Map<string, { flow: Flow; index: number }>();
  flows.forEach((f, index) => {
    if (isSubflowDefinition(f)) defs.set(f.id, { flow: f, index });
  });

  flows.forEach((f, i) => {
    const isDef = isSubflowDefinition(f);
    const once = new Map<string, number>();
    f.nodes.forEach((n, j) => {
      const at: PathSegment[] = [i, 'nodes', j, 'type'];
      if (SUBFLOW_PORT_TYPES.has(n.type)) {
        if (!isDef)
          issues.push(issue(at, 'subflow_port_outside', `"${n.type}" belongs in a subflow definition, not in a flow`));
        else if (n.type === SUBFLOW_IN || n.type === SUBFLOW_STATUS) {
          if (once.has(n.type))
            issues.push(issue(at, 'duplicate_subflow_port', `a subflow has at most one "${n.type}" node`));
          once.set(n.type, j);
        }
      }
      const target = subflowIdOf(n.type);
      if (target !== undefined && !defs.has(target))
        issues.push(issue(at, 'missing_subflow', `subflow "${target}" is not defined in this deployment`));
    });
    const seen = new Set<string>();
    (f.subflow?.params ?? []).forEach((p, k) => {
      if (seen.has(p.name))
        issues.push(
          issue([i, 'subflow', 'params', k, 'name'], 'duplicate_param', `parameter "${p.name}" is defined twice`),
        );
      seen.add(p.name);
    });
  });

  // Cycles: depth-first over "definition uses definition", reported at the instance that closes one.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, chain: string[]): void => {
    state.set(id, 'visiting');
    const def = defs.get(id);
    def?.flow.nodes.forEach((n, j) => {
      const target = subflowIdOf(n.type);
      if (target === undefined || !defs.has(target)) return;
      if (state.get(target) === 'visiting') {
        const start = chain.indexOf(target);
        const loop = [...(start < 0 ? [] : chain.slice(start)), id, target].join(' → ');
        issues.push(issue([def.index, 'nodes', j, 'type'], 'subflow_cycle', `subflow contains itself: ${loop}`));
      } else if (!state.has(target)) visit(target, [...chain, id]);
    });
    state.set(id, 'done');
  };
  for (const id of defs.keys()) if (!state.has(id)) visit(id, []);
  return issues;
}
