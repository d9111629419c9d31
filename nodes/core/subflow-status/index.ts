import type { NodeStatus } from '@millwright/model';
import { defineNode } from '@millwright/sdk';
import { subflowStatusConfig } from './config.js';

/**
 * The status port of a subflow definition. In an expanded instance this node carries the
 * instance's own id, so the status it sets is the instance's: shown on the instance and seen by
 * status nodes of the flow around it, as Node-RED's subflow status output.
 */
export default defineNode({
  type: 'subflow-status',
  category: 'subflow',
  version: 1,
  label: 'subflow status',
  description:
    'Sets the status of the subflow instance from each message: `msg.payload` as text, or an object `{ fill, shape, text }` (`msg.status` wins when set). Only valid inside a subflow.',
  inputs: 1,
  outputs: [],
  icon: 'activity',
  config: subflowStatusConfig,
  setup: (ctx) => ({ input: (msg) => ctx.status(statusOf(msg['status'] ?? msg.payload)) }),
});

/** The status a message asks for: an object with fill/shape/text, else its text; null clears it. */
export function statusOf(value: unknown): NodeStatus | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const fill = typeof v['fill'] === 'string' ? v['fill'] : undefined;
    const shape = typeof v['shape'] === 'string' ? v['shape'] : undefined;
    return {
      ...(isFill(fill) ? { fill } : {}),
      ...(shape === 'dot' || shape === 'ring' ? { shape } : {}),
      text: v['text'] === undefined ? '' : String(v['text']),
    };
  }
  return { text: String(value) };
}

function isFill(v: string | undefined): v is NonNullable<NodeStatus['fill']> {
  return v === 'red' || v === 'green' || v === 'yellow' || v === 'blue' || v === 'grey';
}
