import { once } from 'node:events';
import type { Server } from 'node:http';
import type { FamilyExtension, FamilyServices } from '@millwright/sdk';
import express from 'express';
import { pino } from 'pino';
import { errorHandler } from '../api/error-handler.js';
import { familyRoutes } from '../api/family-routes.js';

/**
 * Serves the routes of `extensions` under `/api` on a free loopback port as the runtime mounts them
 * (without the auth gate), for tests of one family's routes. `services` fields default to nothing.
 */
export async function serveFamilyRoutes(
  extensions: readonly FamilyExtension[],
  services: Partial<FamilyServices> = {},
): Promise<{ base: string; server: Server; close(): Promise<void> }> {
  const app = express();
  app.use(express.json());
  app.use(
    '/api',
    familyRoutes(extensions, {
      configNode: () => undefined,
      credentials: () => undefined,
      nodeType: () => undefined,
      dataDir: undefined,
      ...services,
    }),
  );
  app.use(errorHandler(pino({ level: 'silent' }), '1mb'));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    base: `http://127.0.0.1:${address.port}/api`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
