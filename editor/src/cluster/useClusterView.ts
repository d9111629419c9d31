import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-client.js';
import { useServices } from '../app/useServices.js';
import type { ClusterViewResponse } from './cluster-view.js';

/** How often the header asks whether the runtime is in a cluster (as the dead-letter count). */
export const CLUSTER_POLL_MS = 5_000;

export interface ClusterPoll {
  /** The last answer; undefined on a single runtime (404 `not_clustered`), a 403, or before the first one. */
  view: ClusterViewResponse | undefined;
  /** Why the last request failed, if it did. */
  error: string | undefined;
  /** When the last answer came (browser clock): the reference for uptimes and stale heartbeats. */
  at: number;
}

/**
 * Polls `GET /api/cluster` every `periodMs`. A network error keeps the last answer (a runtime
 * restarting should not hide the Cluster button); any other error drops it.
 */
export function useClusterView(periodMs = CLUSTER_POLL_MS): ClusterPoll {
  const { api } = useServices();
  const [poll, setPoll] = useState<ClusterPoll>({ view: undefined, error: undefined, at: 0 });
  useEffect(() => {
    let live = true;
    const look = () =>
      api.cluster().then(
        (view) => live && setPoll({ view, error: undefined, at: Date.now() }),
        (err: unknown) => {
          if (!live) return;
          const message = err instanceof Error ? err.message : String(err);
          const keep = err instanceof ApiError && err.status === 0;
          setPoll((p) => ({ view: keep ? p.view : undefined, error: message, at: p.at }));
        },
      );
    void look();
    const timer = setInterval(() => void look(), periodMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, periodMs]);
  return poll;
}
