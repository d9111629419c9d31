import type { ChartEvent } from '@millwright/model';
import type { EventBus } from '../events/event-bus.js';

/** Chart events kept per node for a freshly opened chart. */
export const CHART_HISTORY_SIZE = 200;

/**
 * The latest `chart` events of every node, kept in the main thread (the nodes run in workers),
 * so `GET /api/charts/:nodeId` can fill a chart before live events arrive. After each deploy,
 * nodes that are no longer deployed are forgotten.
 */
export class ChartHistory {
  private readonly byNode = new Map<string, ChartEvent[]>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: EventBus,
    private readonly options: {
      size?: number;
      /** True while the node is deployed (FlowManager.nodeType); used to prune after deploys. */
      isDeployed?: (nodeId: string) => boolean;
    } = {},
  ) {
    this.unsubscribe = bus.on((e) => {
      if (e.type === 'chart') this.add(e);
      else if (e.type === 'deploy') this.prune();
    });
  }

  /** The node's kept events, oldest first (empty when it published none). */
  events(nodeId: string): ChartEvent[] {
    return [...(this.byNode.get(nodeId) ?? [])];
  }

  close(): void {
    this.unsubscribe();
    this.byNode.clear();
  }

  private add(e: ChartEvent): void {
    let list = this.byNode.get(e.nodeId);
    if (!list) this.byNode.set(e.nodeId, (list = []));
    list.push(e);
    const size = this.options.size ?? CHART_HISTORY_SIZE;
    if (list.length > size) list.splice(0, list.length - size);
  }

  private prune(): void {
    const deployed = this.options.isDeployed;
    if (!deployed) return;
    for (const id of [...this.byNode.keys()]) if (!deployed(id)) this.byNode.delete(id);
  }
}
