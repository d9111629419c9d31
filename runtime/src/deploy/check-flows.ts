import {
  issue,
  migrateFlow,
  validateFlows,
  type Flow,
  type NodeCatalog,
  type PathSegment,
  type ValidationIssue,
} from '@millwright/model';
import { subflowCatalog, validateSubflows } from '@millwright/model/subflows';

/** Outcome of `checkFlows`: migrated, valid flows or every fault with its path. */
export type FlowCheck = { ok: true; flows: Flow[] } | { ok: false; issues: ValidationIssue[] };

/**
 * Prepares a deployment: checks the structure of every flow, migrates old node versions to the
 * installed ones, then validates the whole set against the catalog (types, configs, wires, ids
 * across flows). Issue paths start at the flow's index, e.g. `$[0].nodes[1].config.timeoutMs`.
 * `context`: the other flows of the deployment (not checked) whose nodes references may name.
 */
export function checkFlows(values: unknown, catalog: NodeCatalog, context: readonly Flow[] = []): FlowCheck {
  // Structure first: migrations need well-formed nodes to work on.
  const shape = validateFlows(values);
  if (!shape.ok) return { ok: false, issues: shape.issues };
  const migrated: Flow[] = [];
  const migrationIssues: ValidationIssue[] = [];
  const withSubflows = subflowCatalog(catalog, shape.flows);
  shape.flows.forEach((flow, i) => {
    const r = migrateFlow(flow, withSubflows);
    migrated.push(r.flow);
    for (const m of r.issues) migrationIssues.push(issue([i, ...m.path], m.code, m.message));
  });
  if (migrationIssues.length) return { ok: false, issues: migrationIssues };
  // Subflow definitions add their `subflow:<id>` instance types to the catalog (decision 0024).
  const full = validateFlows(migrated, { catalog: subflowCatalog(catalog, migrated), referenceContext: context });
  if (!full.ok) return { ok: false, issues: full.issues };
  const subflowIssues = validateSubflows(full.flows);
  return subflowIssues.length ? { ok: false, issues: subflowIssues } : { ok: true, flows: full.flows };
}

/** Splits a deployment-level path (`[2, 'nodes', 0]`) into the flow index and the path inside that flow. */
export function splitFlowPath(path: readonly PathSegment[]): { index: number | undefined; rest: PathSegment[] } {
  const [first, ...rest] = path;
  return typeof first === 'number' ? { index: first, rest } : { index: undefined, rest: [...path] };
}
