import type { Role } from '@millwright/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROLE_USERS,
  SECRET_NODES,
  startSecuredRuntime,
  type SecuredRuntime,
} from '../auth/fixtures/secured-runtime.js';
import { can, ROLES, type Permission } from '../auth/permissions.js';
import { FIXTURE_NODES, testFlow } from '../testing/test-runtime.js';

/**
 * Every admin API route against every role, plus no token and a bad token: a refused request
 * answers 401 (no or bad token) or 403 (role too weak) and changes nothing; an allowed one
 * answers 2xx (or the status the route gives for the request, such as 404 for a missing outbox).
 */

const flow = () =>
  testFlow(
    'f1',
    [
      ['src1', 'test-source'],
      ['dbg1', 'test-debug'],
      ['secret1', 'test-secret-source'],
    ],
    [['src1', 'dbg1']],
  );

interface RouteCase {
  name: string;
  permission: Permission;
  request: (role: Role) => { method: string; path: string; body?: unknown };
  /** Runs before each attempt, e.g. re-creates the user a DELETE removes. */
  prepare?: () => Promise<void>;
  /** Status of an allowed request when it is not 2xx. */
  allowedStatus?: number;
}

let t: SecuredRuntime;
let seq = 0;

const ensureVictim = async () => {
  if (!t.runtime.security!.users.get('victim'))
    await t.runtime.security!.users.add({ username: 'victim', password: 'victim-password', role: 'viewer' });
};
const ensureSecret = async () => {
  if (!t.runtime.credentials.keysOf('secret1').length)
    await t.runtime.credentials.apply({ updates: { secret1: { password: 'stored-secret' } } });
};

const ROUTES: RouteCase[] = [
  { name: 'list flows', permission: 'flows:read', request: () => ({ method: 'GET', path: '/api/flows' }) },
  { name: 'read a flow', permission: 'flows:read', request: () => ({ method: 'GET', path: '/api/flows/f1' }) },
  { name: 'export a flow', permission: 'flows:read', request: () => ({ method: 'GET', path: '/api/flows/f1/export' }) },
  { name: 'node catalog', permission: 'nodes:read', request: () => ({ method: 'GET', path: '/api/nodes' }) },
  {
    name: 'live chart points',
    permission: 'events:state',
    request: () => ({ method: 'GET', path: '/api/charts/dbg1' }),
  },
  { name: 'who am I', permission: 'session', request: () => ({ method: 'GET', path: '/api/auth/me' }) },
  { name: 'inject', permission: 'inject', request: () => ({ method: 'POST', path: '/api/inject/src1' }) },
  {
    name: 'deploy',
    permission: 'flows:deploy',
    request: () => ({ method: 'POST', path: '/api/flows', body: { flows: [flow()], mode: 'nodes' } }),
  },
  {
    name: 'deploy with credentials',
    permission: 'credentials:write',
    request: (role) => ({
      method: 'POST',
      path: '/api/flows',
      body: { flows: [flow()], mode: 'nodes', credentials: { secret1: { apiKey: `key-from-${role}` } } },
    }),
  },
  {
    name: 'which credentials are set',
    permission: 'credentials:write',
    request: () => ({ method: 'GET', path: '/api/credentials/secret1' }),
  },
  {
    name: 'set credentials',
    permission: 'credentials:write',
    request: (role) => ({ method: 'PUT', path: '/api/credentials/secret1', body: { apiKey: `put-by-${role}` } }),
  },
  {
    name: 'list credentials',
    permission: 'credentials:manage',
    request: () => ({ method: 'GET', path: '/api/credentials' }),
  },
  {
    name: 'delete credentials',
    permission: 'credentials:manage',
    prepare: ensureSecret,
    request: () => ({ method: 'DELETE', path: '/api/credentials/secret1' }),
  },
  { name: 'list users', permission: 'users:manage', request: () => ({ method: 'GET', path: '/api/users' }) },
  {
    name: 'add a user',
    permission: 'users:manage',
    request: () => ({
      method: 'POST',
      path: '/api/users',
      body: { username: `new${++seq}`, password: 'new-user-password', role: 'admin' },
    }),
  },
  {
    name: 'change a user',
    permission: 'users:manage',
    prepare: ensureVictim,
    request: () => ({ method: 'PATCH', path: '/api/users/victim', body: { role: 'admin' } }),
  },
  {
    name: 'remove a user',
    permission: 'users:manage',
    prepare: ensureVictim,
    request: () => ({ method: 'DELETE', path: '/api/users/victim' }),
  },
  { name: 'audit log', permission: 'audit:read', request: () => ({ method: 'GET', path: '/api/audit' }) },
  {
    name: 'trace a lot',
    permission: 'events:debug',
    allowedStatus: 404, // no trace-record node wrote this lot
    request: () => ({ method: 'GET', path: '/api/trace/LOT-1' }),
  },
  {
    name: 'browse an OPC UA server',
    permission: 'flows:edit',
    allowedStatus: 400, // no endpoint config node named
    request: () => ({ method: 'GET', path: '/api/opcua/browse' }),
  },
  { name: 'list outboxes', permission: 'outbox:read', request: () => ({ method: 'GET', path: '/api/outbox' }) },
  {
    name: 'read the global context',
    permission: 'context:read',
    request: () => ({ method: 'GET', path: '/api/context/global' }),
  },
  {
    name: 'delete a global context key',
    permission: 'flows:edit',
    request: () => ({ method: 'DELETE', path: '/api/context/global/nothing' }),
  },
  {
    name: 'replay dead letters',
    permission: 'outbox:replay',
    allowedStatus: 404, // the flow has no outbox node
    request: () => ({ method: 'POST', path: '/api/outbox/src1/dead/replay' }),
  },
  {
    name: 'a route nobody declared',
    permission: 'admin',
    allowedStatus: 404,
    request: () => ({ method: 'GET', path: '/api/not-declared-anywhere' }),
  },
];

/** Everything a refused request must leave alone. */
async function snapshot() {
  const rt = t.runtime;
  await new Promise((r) => setTimeout(r, 30)); // let an injected message reach the debug node, if any
  return JSON.stringify({
    revision: rt.store.revision,
    flows: rt.store.flows(),
    states: rt.manager.states(),
    users: rt.security!.users.list(),
    credentials: [...rt.credentials.entries()],
    events: t.events.filter((e) => e.type !== 'log').length,
  });
}

beforeAll(async () => {
  // The families whose routes (OPC UA browse, lot trace, outbox) the matrix covers, as the runtime loads them.
  t = await startSecuredRuntime({
    nodeModules: [
      FIXTURE_NODES,
      SECRET_NODES,
      '@millwright/nodes-opcua',
      '@millwright/nodes-mes',
      '@millwright/nodes-enterprise',
    ],
  });
  const deployed = await t.api('POST', '/api/flows', { flows: [flow()] }, t.tokens.admin);
  expect(deployed.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('role matrix', () => {
  it.each(ROUTES.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    const callers: Array<[string, string | undefined, Role | undefined]> = [
      ['no token', undefined, undefined],
      ['bad token', 'mwt_not-a-real-token-but-long-enough', undefined],
      ...ROLES.map((role): [string, string, Role] => [role, t.tokens[role], role]),
    ];
    for (const [who, token, role] of callers) {
      await route.prepare?.();
      const { method, path, body } = route.request(role ?? 'viewer');
      const allowed = role !== undefined && can(role, route.permission);
      const before = allowed ? '' : await snapshot();
      const res = await t.api(method, path, body, token);
      const context = `${who}: ${method} ${path} -> ${res.status} ${res.text.slice(0, 200)}`;
      if (allowed) {
        if (route.allowedStatus) expect(res.status, context).toBe(route.allowedStatus);
        else expect(res.status >= 200 && res.status < 300, context).toBe(true);
        continue;
      }
      expect(res.status, context).toBe(role === undefined ? 401 : 403);
      expect(res.body, context).toMatchObject({ code: role === undefined ? 'unauthorized' : 'forbidden' });
      expect(await snapshot(), `${context}: state changed`).toBe(before);
    }
  });

  it('audits refused requests of known users', async () => {
    const audit = await t.api('GET', '/api/audit?limit=1000', undefined, t.tokens.admin);
    const forbidden = (
      audit.body as Array<{ action: string; actor: string; details?: { permission?: string } }>
    ).filter((e) => e.action === 'forbidden');
    expect(forbidden).toContainEqual(
      expect.objectContaining({ actor: ROLE_USERS.viewer, details: expect.objectContaining({ permission: 'inject' }) }),
    );
    expect(forbidden.some((e) => e.actor === ROLE_USERS.admin)).toBe(false);
  });

  it('covers every permission that guards a route, for every role', () => {
    const covered = new Set(ROUTES.map((r) => r.permission));
    for (const p of [
      'flows:read',
      'inject',
      'flows:deploy',
      'credentials:write',
      'users:manage',
      'audit:read',
    ] as const)
      expect(covered.has(p)).toBe(true);
  });
});
