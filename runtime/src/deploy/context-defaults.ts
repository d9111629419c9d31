import type { Flow, FlowContextOptions } from '@millwright/model';

/** The `context` section of settings.json: the context store of flows that do not choose their own. */
export type ContextDefaults = Partial<FlowContextOptions>;

/**
 * The flow as its engine runs it: with the runtime's default context store (settings.json
 * `context`) when the flow sets none, and the flow's own `context` fields before the defaults'
 * when it does. Applied to what runs, never to what is stored or exported: a flow file keeps only
 * what its author chose.
 */
export function withContextDefaults(flow: Flow, defaults: ContextDefaults | undefined): Flow {
  if (!defaults || Object.keys(defaults).length === 0) return flow;
  const store = flow.context?.store ?? defaults.store ?? 'memory';
  if (store === 'memory') return flow;
  return { ...flow, context: { ...defaults, ...flow.context, store } };
}
