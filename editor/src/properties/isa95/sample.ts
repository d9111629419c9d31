import type { DebugEvent, Flow } from '@millwright/model';

/**
 * Sample messages for the ISA-95 mapping editor: the last message a debug node showed on the wire
 * into the map node, and the message paths in it (the source picker's list).
 */

/** Debug nodes fed by the same output port(s) that feed `nodeId`: they see what the node receives. */
export function debugTwins(flow: Flow, nodeId: string): string[] {
  const debugIds = new Set(flow.nodes.filter((n) => n.type === 'debug').map((n) => n.id));
  const feeds = flow.wires.filter((w) => w.to.node === nodeId).map((w) => `${w.from.node}:${w.from.port}`);
  return flow.wires
    .filter((w) => debugIds.has(w.to.node) && feeds.includes(`${w.from.node}:${w.from.port}`))
    .map((w) => w.to.node);
}

/** The message a debug event shows: the whole message, or the shown property put back at its path. */
export function messageOf(event: Pick<DebugEvent, 'property' | 'value'>): Record<string, unknown> {
  if (event.property === '(complete message)' && isRecord(event.value)) return event.value;
  const keys = event.property.replace(/^msg\./, '').split('.');
  let out: unknown = event.value;
  for (const key of keys.reverse()) out = { [key]: out };
  return isRecord(out) ? out : { payload: event.value };
}

/** Leaf paths of a message in the message-path grammar (`payload.items[0].qty`), lists up to 10 items. */
export function messagePaths(msg: unknown, prefix = ''): string[] {
  if (Array.isArray(msg)) return msg.slice(0, 10).flatMap((v, i) => messagePaths(v, `${prefix}[${i}]`));
  if (!isRecord(msg)) return prefix ? [prefix] : [];
  return Object.entries(msg).flatMap(([k, v]) => {
    if (!prefix && (k === '_msgid' || k === 'headers')) return [];
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `[${JSON.stringify(k)}]`;
    return messagePaths(v, prefix ? (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`) : key);
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
