import type { Flow } from '@millwright/model';

/** Runtime labels, `site=lyon,line=1` on the command line. */
export type Labels = Record<string, string>;

/** Parses `k=v,k=v` (spaces around commas allowed). Throws on an entry without `=` or a bad name. */
export function parseLabels(text: string): Labels {
  const out: Labels = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq).trim();
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new Error(`label "${part}" is not name=value`);
    out[name] = part.slice(eq + 1).trim();
  }
  return out;
}

/** True when every label the flow asks for has that value on the runtime. */
export function matches(flow: Flow, labels: Labels): boolean {
  const wanted = flow.placement?.labels ?? {};
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/** `once` (the default) or `all`. */
export function placementMode(flow: Flow): 'once' | 'all' {
  return flow.placement?.mode ?? 'once';
}

/**
 * The flows this runtime runs: `all` flows whose labels match, and `once` flows whose lease it
 * holds. Disabled flows are kept (the flow manager skips them) so their state shows.
 */
export function flowsToRun(flows: readonly Flow[], labels: Labels, leases: ReadonlySet<string>): Flow[] {
  // Subflow definitions and shared config documents never run themselves; every runtime needs
  // them for the flows it runs (instances to expand, 0024; shared config nodes, 0039).
  return flows.filter(
    (f) =>
      f.subflow !== undefined ||
      f.shared === true ||
      (matches(f, labels) && (placementMode(f) === 'all' || leases.has(f.id))),
  );
}

/** The `once` flows this runtime may hold (it matches their labels): it competes for their leases. */
export function leaseCandidates(flows: readonly Flow[], labels: Labels): string[] {
  return flows
    .filter((f) => !f.disabled && !f.subflow && !f.shared && placementMode(f) === 'once' && matches(f, labels))
    .map((f) => f.id);
}
