import { useEffect, useState } from 'react';
import { useServices } from '../app/useServices.js';

/** How often the header looks for dead letters: they need an operator, but not within seconds. */
const POLL_MS = 10_000;

/**
 * Dead letters across every store-and-forward queue, for the header's Queues button; 0 while
 * unknown (no data dir, or a role that may not read the outbox: errors are ignored).
 */
export function useDeadLetterCount(): number {
  const { api } = useServices();
  const [dead, setDead] = useState(0);
  useEffect(() => {
    let live = true;
    const look = () =>
      api.outboxes().then(
        (r) => live && setDead(r.outboxes.reduce((n, o) => n + o.dead, 0)),
        () => undefined,
      );
    void look();
    const timer = setInterval(() => void look(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);
  return dead;
}
