import { OperationalError } from '@millwright/model';

/**
 * Runs async work one at a time in arrival order (the engine hands a node its messages without
 * waiting for the previous one): one open request or connection per node, at most `limit` waiting
 * (then OperationalError `net_queue_full`). `pending` is for the node's `pending()` handler.
 */
export function serial(limit: number): { run<T>(work: () => Promise<T>): Promise<T>; pending(): number } {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  return {
    run(work) {
      if (waiting >= limit)
        return Promise.reject(
          new OperationalError('net_queue_full', `${limit} messages already wait for the connection`),
        );
      waiting++;
      const result = tail.then(work).finally(() => waiting--);
      tail = result.catch(() => undefined);
      return result;
    },
    pending: () => waiting,
  };
}
