import type { Logger } from 'pino';

/**
 * Stops `stop` on SIGINT or SIGTERM and exits 0 (1 if stopping failed). A second signal more than
 * a second later forces exit 1; one arriving sooner is ignored, because Ctrl-C reaches both the
 * `bin/millwright.js` launcher (which forwards it) and this process.
 */
export function exitOnSignal(stop: () => Promise<void>, logger: Logger): void {
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt) {
      if (Date.now() - firstAt < 1_000) return;
      logger.warn({ signal }, 'second signal: exiting without a clean stop');
      process.exit(1);
    }
    firstAt = Date.now();
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
