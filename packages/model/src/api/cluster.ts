/** One runtime of a cluster, from its heartbeat in the `<name>-runtimes` bucket. */
export interface ClusterRuntimeInfo {
  id: string;
  labels: Record<string, string>;
  version: string;
  startedAt: number;
  url?: string;
  /** Flows running there, from the cluster revision `revision`. */
  flows: string[];
  revision?: string;
  /** `once` flows whose lease it holds. */
  leases: string[];
  health?: string;
  /** When the heartbeat was written (the runtime's clock, ms). */
  at: number;
}

/** Where a flow runs in the cluster, and who holds it (`once` flows). */
export interface ClusterPlacementInfo {
  flowId: string;
  mode: 'once' | 'all';
  labels: Record<string, string>;
  holder?: string;
}

/** What `GET /api/cluster` answers. */
export interface ClusterViewResponse {
  cluster: string;
  /** Id of the runtime that answered. */
  self: string;
  /** False while that runtime cannot reach NATS: it runs the last deployment it knew. */
  connected: boolean;
  revision: string | undefined;
  runtimes: ClusterRuntimeInfo[];
  placement: ClusterPlacementInfo[];
}
