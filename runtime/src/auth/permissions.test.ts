import { describe, expect, it } from 'vitest';
import {
  can,
  eventTypesFor,
  minimumRole,
  permissionFor,
  ROLE_PERMISSIONS,
  ROLES,
  ROUTE_PERMISSIONS,
} from './permissions.js';

describe('role permissions', () => {
  it('gives each role everything the weaker roles have, and more', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const weaker = ROLE_PERMISSIONS[ROLES[i - 1]!];
      const stronger = ROLE_PERMISSIONS[ROLES[i]!];
      for (const p of weaker) expect(stronger.has(p)).toBe(true);
      expect(stronger.size).toBeGreaterThan(weaker.size);
    }
  });

  it('matches the issue: operator injects and sees debug, editor deploys, admin manages users and credentials', () => {
    expect(minimumRole('flows:read')).toBe('viewer');
    expect(minimumRole('inject')).toBe('operator');
    expect(minimumRole('events:debug')).toBe('operator');
    expect(minimumRole('flows:deploy')).toBe('editor');
    expect(minimumRole('users:manage')).toBe('admin');
    expect(minimumRole('credentials:manage')).toBe('admin');
    expect(minimumRole('audit:read')).toBe('admin');
    expect(can('viewer', 'inject')).toBe(false);
    expect(can('operator', 'flows:deploy')).toBe(false);
    expect(can('editor', 'users:manage')).toBe(false);
  });

  it('streams message contents (debug, error, log) only from operator up', () => {
    expect([...eventTypesFor('viewer')].sort()).toEqual(['chart', 'connection', 'deploy', 'flow-state', 'status']);
    expect([...eventTypesFor('operator')].sort()).toEqual([
      'chart',
      'connection',
      'debug',
      'deploy',
      'error',
      'flow-state',
      'log',
      'status',
    ]);
  });
});

describe('permissionFor', () => {
  it.each([
    ['GET', '/flows', 'flows:read'],
    ['HEAD', '/flows', 'flows:read'],
    ['GET', '/flows/', 'flows:read'],
    ['GET', '/FLOWS/f1', 'flows:read'],
    ['GET', '/flows/f1/export', 'flows:read'],
    ['POST', '/flows', 'flows:deploy'],
    ['POST', '/inject/n1', 'inject'],
    ['GET', '/nodes/packages', 'nodes:read'],
    ['POST', '/import/node-red', 'flows:edit'],
    ['POST', '/auth/login', 'public'],
    ['PUT', '/credentials/n1', 'credentials:write'],
    ['DELETE', '/credentials/n1', 'credentials:manage'],
  ])('%s %s -> %s', (method, path, expected) => {
    expect(permissionFor(method, path)).toBe(expected);
  });

  it.each([
    ['GET', '/something-new'],
    ['POST', '/flows/f1'],
    ['DELETE', '/flows'],
    ['OPTIONS', '/flows'],
    ['GET', '//flows'],
    ['GET', '/flows/f1/export/more'],
    ['POST', '/auth/login/x'],
    ['PUT', '/users/x'],
  ])('needs admin for the unlisted route %s %s', (method, path) => {
    expect(permissionFor(method, path)).toBe('admin');
  });

  it('lists every rule once', () => {
    const keys = ROUTE_PERMISSIONS.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
