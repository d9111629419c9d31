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
    'Sets the status of the subflow instance from each message: `msg.payload` as text, or an object `{ fill, shape, text }` (`msg.status` when there is no payload), as Node-RED does. Only valid inside a subflow.',
  inputs: 1,
  outputs: [],
  icon: 'activity',
  config: subflowStatusConfig,
  setup: (ctx) => ({
    input: (msg) => {
      if (msg.payload !== undefined) ctx.status(statusOf(msg.payload));
      else if (msg['status'] !== undefined) ctx.status(statusOf(msg['status']));
    },
  }),
});

/**
 * The status a value asks for, as Node-RED's subflow status: a string is the text, an object with
 * fill, shape or text (or an empty one) the status, anything else its JSON text (32 characters at most).
 */
export function statusOf(value: unknown): NodeStatus | null {
  if (value === null) return null;
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if ('fill' in v || 'shape' in v || 'text' in v || Object.keys(v).length === 0) {
      const fill = typeof v['fill'] === 'string' ? v['fill'] : undefined;
      const shape = v['shape'];
      return {
        ...(isFill(fill) ? { fill } : {}),
        ...(shape === 'dot' || shape === 'ring' ? { shape } : {}),
        ...(v['text'] !== undefined ? { text: String(v['text']) } : {}),
      };
    }
  }
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return { text: text.length > 32 ? `${text.slice(0, 32)}...` : text };
}

function isFill(v: string | undefined): v is NonNullable<NodeStatus['fill']> {
  return v === 'red' || v === 'green' || v === 'yellow' || v === 'blue' || v === 'grey';
}
