import type { Flow, OutboxSummaryView } from '@millwright/model';

/** One store-and-forward queue as the Queues screen shows it. */
export interface QueueRow {
  nodeId: string;
  /** The node's name, else its type, else its id (a journal left by a removed node). */
  nodeLabel: string;
  nodeType: string | undefined;
  /** Name of the flow that holds the node in the editor; undefined when no flow has it. */
  flowName: string | undefined;
  pending: number;
  dead: number;
  /** Seconds the oldest waiting message has waited; undefined when nothing waits. */
  oldestAgeS: number | undefined;
  lastError: string | undefined;
}

/** Joins the API's queue list with the editor's flows, so a queue reads as "flow › node". */
export function queueRows(outboxes: readonly OutboxSummaryView[], flows: readonly Flow[], now: number): QueueRow[] {
  return outboxes.map((o) => {
    const flow = flows.find((f) => f.nodes.some((n) => n.id === o.nodeId));
    const node = flow?.nodes.find((n) => n.id === o.nodeId);
    const nodeType = o.nodeType ?? node?.type;
    return {
      nodeId: o.nodeId,
      nodeLabel: node?.name || nodeType || o.nodeId,
      nodeType,
      flowName: flow?.name,
      pending: o.pending,
      dead: o.dead,
      oldestAgeS:
        o.oldestPendingAt !== undefined ? Math.max(0, Math.round((now - o.oldestPendingAt) / 1000)) : undefined,
      lastError: o.lastError,
    };
  });
}

/** `42 s`, `7 min`, `3 h 5 min`, `2 d 4 h`: an age an operator reads at a glance. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const min = Math.floor(seconds / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
