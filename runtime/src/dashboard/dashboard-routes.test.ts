import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AuditEntry, DashboardPageResponse, Flow, Role } from '@millwright/model';
import { nodes } from '@millwright/nodes-dashboard';
import { NodeRegistry, testNode, type NodeHarness } from '@millwright/sdk';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.js';
import { createSecurity } from '../auth/security.js';
import { UserStore } from '../auth/user-store.js';
import { ChartHistory } from '../charts/chart-history.js';
import { CredentialStore } from '../credentials/credential-store.js';
import { authGate } from '../api/auth-gate.js';
import { errorHandler } from '../api/error-handler.js';
import { EventBus } from '../events/event-bus.js';
import { createLogger } from '../logging/log-events.js';
import { dashboardRoutes } from './dashboard-routes.js';

const registry = new NodeRegistry(nodes);
const at = { x: 0, y: 0 };
const FIELDS = [{ name: 'quantity', type: 'number', required: true, min: 1, max: 10 }];
const flows: Flow[] = [
  {
    version: 1,
    id: 'f',
    name: 'f',
    configs: [
      { id: 'p', type: 'ui-page', typeVersion: 1, config: { path: 'op', title: 'Operator', roles: ['operator'] } },
    ],
    nodes: [{ id: 'scrap', type: 'ui-form', typeVersion: 1, config: { page: 'p', fields: FIELDS }, position: at }],
    wires: [],
  },
];

let server: Server | undefined;
let form: NodeHarness | undefined;
afterEach(async () => {
  if (server) await new Promise((r) => server?.close(r));
  await form?.stop();
  server = undefined;
  form = undefined;
});

/** The routes behind the real auth gate and audit log, with the ui-form node running in the SDK harness. */
async function serve() {
  const replies = new Map<string, (answer: unknown) => void>();
  form = await testNode(registry.definition('ui-form')!, {
    config: { page: 'p', fields: FIELDS },
    respond: (replyTo, answer) => replies.get(replyTo)?.(answer),
  });
  const harness = form;
  const users = await UserStore.open(undefined);
  const audit = await AuditLog.open(undefined);
  for (const role of ['viewer', 'operator'] as const)
    await users.add({ username: role, password: 'a-long-password-1', role });
  const security = createSecurity({
    host: '127.0.0.1',
    settings: { required: true, openOnLoopback: false },
    token: undefined,
    users,
    audit,
    credentials: await CredentialStore.open({ createKey: true }),
  });
  const tokens: Partial<Record<Role, string>> = {};
  for (const role of ['viewer', 'operator'] as const) tokens[role] = security.sessions.issue(role).token;
  const app = express();
  app.use('/api', authGate(security), express.json());
  app.use(
    '/api',
    dashboardRoutes({
      flows: () => flows,
      definition: (t) => registry.definition(t),
      history: new ChartHistory(new EventBus()),
      manager: {
        request: (_nodeId, build, timeoutMs) =>
          new Promise((resolve) => {
            const msg = build(`r${replies.size}`);
            replies.set(`r${replies.size}`, resolve);
            setTimeout(() => resolve(undefined), timeoutMs);
            harness.input(msg); // delivered to the real node, as the flow host would
          }),
      },
      audit,
    }),
  );
  app.use(errorHandler(createLogger('silent'), '1mb'));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${address.port}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { call, audit };
}

describe('dashboard routes', () => {
  it('a page for operators: 403 to a viewer (and not listed), open to an operator with canInput', async () => {
    const { call } = await serve();
    expect((await call('viewer', 'GET', '/dashboard/pages')).body).toEqual({ pages: [] });
    expect((await call('viewer', 'GET', '/dashboard/pages/op')).status).toBe(403);
    expect((await call('viewer', 'GET', '/dashboard/pages/nope')).status).toBe(404);
    const page = (await call('operator', 'GET', '/dashboard/pages/op')).body as unknown as DashboardPageResponse;
    expect(page.widgets.map((w) => [w.id, w.input])).toEqual([['scrap', true]]);
    expect(page.user).toEqual({ name: 'operator', role: 'operator', canInput: true });
  });

  it('an input goes to the node with the operator; faults answer 400; each one is audited', async () => {
    const { call, audit } = await serve();
    expect(await call('operator', 'POST', '/dashboard/pages/op/widgets/scrap', { value: { quantity: 11 } })).toEqual({
      status: 400,
      body: { ok: false, issues: [{ field: 'quantity', message: 'quantity must be ≤ 10' }] },
    });
    expect(await call('operator', 'POST', '/dashboard/pages/op/widgets/scrap', { value: { quantity: '4' } })).toEqual({
      status: 200,
      body: { ok: true },
    });
    const [sent] = await form!.next(1);
    expect(sent).toMatchObject({ payload: { quantity: 4 }, user: { name: 'operator', role: 'operator' } });
    const entries: AuditEntry[] = await audit.recent(10);
    expect(entries.map((e) => [e.action, e.actor, e.details?.['accepted']])).toEqual([
      ['dashboard-input', 'operator', true],
      ['dashboard-input', 'operator', false],
    ]);
  });
});
