import type { ChartEvent } from '@millwright/model';
import { useEffect, useMemo, useState } from 'react';
import { useRuntime } from '../app/useRuntime.js';
import { useServices } from '../app/useServices.js';
import { mergeChartEvents } from './chart-series.js';

const NONE: readonly ChartEvent[] = [];

/**
 * A node's chart events: the runtime's snapshot (fetched when the chart opens, so it is not
 * empty) merged with the live `chart` events of the websocket. `error` is set when the snapshot
 * could not be loaded; live events still arrive.
 */
export function useChartEvents(nodeId: string): { events: ChartEvent[]; error: string | undefined } {
  const { api } = useServices();
  const [snapshot, setSnapshot] = useState<{ nodeId: string; events: readonly ChartEvent[] }>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    setError(undefined);
    api.charts(nodeId).then(
      (s) => current && setSnapshot({ nodeId, events: s.events }),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [api, nodeId]);
  const live = useRuntime((s) => s.charts.get(nodeId) ?? NONE);
  const fetched = snapshot?.nodeId === nodeId ? snapshot.events : NONE;
  const events = useMemo(() => mergeChartEvents(fetched, live), [fetched, live]);
  return { events, error };
}
