import type { FlowMessage } from '@millwright/model';
import { getMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import type { DisplayBase } from './widget-fields.js';

/**
 * The runtime side of every display widget: each input message (with the configured topic, if
 * any) publishes the value at `property` as a `widget` chart event. The runtime keeps the last
 * 200 per widget for a freshly opened page and streams them live; the SDK coalesces bursts to
 * 10 per second per widget, so a fast source cannot flood the browsers.
 */
export function displayWidget(ctx: NodeContext<DisplayBase>): NodeHandlers {
  const topics = ctx.config.topic
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    input(msg: FlowMessage) {
      if (topics.length && !topics.includes(msg.topic ?? '')) return;
      const value = getMsgPath(msg, ctx.config.property);
      if (value === undefined) return;
      ctx.chart({ kind: 'widget', data: { value, ...(msg.topic !== undefined ? { topic: msg.topic } : {}) } });
    },
  };
}
