import type { NodeConverter } from '../types.js';

/** A converter that always answers with a placeholder, for its reason (better than "no converter"). */
const placeholder = (reason: string): NodeConverter => ({ kind: 'node', convert: () => ({ unsupported: reason }) });

/**
 * Node-RED core nodes Millwright deliberately has no equivalent for (decision 0025); each becomes
 * a placeholder saying why, so the user knows what to do instead.
 */
export const NO_EQUIVALENT: Readonly<Record<string, NodeConverter>> = {
  complete: placeholder(
    "complete (a node finished a message) has no Millwright equivalent: the engine does not report completions; wire the node's output on, or use a catch node for failures",
  ),
};
