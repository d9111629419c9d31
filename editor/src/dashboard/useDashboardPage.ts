import type { ChartEvent, DashboardPageResponse } from '@millwright/model';
import { useEffect, useMemo, useState } from 'react';
import { EventSocket, type SocketState } from '../api/event-socket.js';
import { dashboardApi, DashboardApiError } from './dashboard-api.js';
import { WidgetStore } from './widget-store.js';

/** How long to wait before asking for the page again after a failure (runtime down, restarting). */
const RETRY_MS = 2_000;

export interface DashboardPageState {
  page: DashboardPageResponse | undefined;
  /** Why the page cannot be shown; set while retrying, cleared when it loads. */
  error: { status: number; message: string } | undefined;
  connection: SocketState;
  store: WidgetStore;
}

/**
 * Loads a page and keeps it live: the widgets' kept events first, then their `chart` events from
 * the websocket (subscribed to the page's nodes only). When the socket comes back after a drop
 * (a runtime restart), the page is loaded again, so the widgets show what the runtime has now;
 * a failed load is retried every 2 s. A 401/403/404 is shown but also retried: a deploy or a
 * role change may make the page appear.
 */
export function useDashboardPage(path: string, token: string | undefined): DashboardPageState {
  const store = useMemo(() => new WidgetStore(), []);
  const [page, setPage] = useState<DashboardPageResponse>();
  const [error, setError] = useState<DashboardPageState['error']>();
  const [connection, setConnection] = useState<SocketState>('connecting');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      dashboardApi.page(token, path).then(
        (p) => {
          if (stopped) return;
          store.reset(p.history);
          setPage(p);
          setError(undefined);
        },
        (err: unknown) => {
          if (stopped) return;
          const status = err instanceof DashboardApiError ? err.status : 0;
          setError({ status, message: err instanceof Error ? err.message : String(err) });
          retry = setTimeout(load, RETRY_MS);
        },
      );
    };
    load();
    return () => {
      stopped = true;
      clearTimeout(retry);
    };
  }, [path, token, store, generation]);

  // By value, so reloading the same page keeps the socket.
  const nodeKey = page ? Object.keys(page.history).join('\n') : undefined;
  const nodes = useMemo(() => (nodeKey === undefined ? undefined : nodeKey.split('\n').filter(Boolean)), [nodeKey]);
  useEffect(() => {
    if (!nodes) return;
    let opened = false;
    const socket = new EventSocket({
      token,
      subscribe: { subscribe: ['chart', 'deploy'], nodes },
      maxDelayMs: 2_000,
      onState: (state) => {
        setConnection(state);
        // Back after a drop: the runtime may have restarted (or redeployed) meanwhile.
        if (state === 'open' && opened) setGeneration((g) => g + 1);
        if (state === 'open') opened = true;
      },
      onFrame: (frame) => {
        const charts: ChartEvent[] = [];
        for (const e of frame) {
          if (e.type === 'chart') charts.push(e);
          else if (e.type === 'deploy') setGeneration((g) => g + 1); // widgets may have changed
        }
        store.push(charts);
      },
    });
    socket.open();
    return () => socket.close();
  }, [nodes, token, store]);

  return { page, error, connection, store };
}
