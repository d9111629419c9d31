import { UserError, type Role, type UserInfo } from '@millwright/model';
import { Router } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import { isRole, ROLES } from '../auth/permissions.js';
import type { SessionStore } from '../auth/session-store.js';
import type { UserStore } from '../auth/user-store.js';
import { ipOf, principalOf } from './auth-gate.js';

/**
 * Admin user management: `GET /users` (`UserInfo[]`), `POST /users` (`CreateUserRequest`, 201),
 * `PATCH /users/:username` (`UpdateUserRequest`), `DELETE /users/:username` (204). A password
 * change or removal ends the user's sessions; a role change applies to the next request.
 * 409 `user_exists` / `last_admin`, 404 `user_not_found`. Every change is audited.
 */
export function usersRoutes(args: { users: UserStore; sessions: SessionStore; audit: AuditLog }): Router {
  const { users, sessions, audit } = args;
  const router = Router();
  const actor = (req: Parameters<typeof principalOf>[0]) => ({ actor: principalOf(req).username, ...ipOf(req) });

  router.get('/users', (_req, res) => {
    const body: UserInfo[] = users.list();
    res.json(body);
  });
  router.post('/users', async (req, res) => {
    const body: unknown = req.body;
    const user = await users.add({
      username: stringField(body, 'username', true) ?? '',
      password: stringField(body, 'password', true) ?? '',
      role: roleField(body, true) ?? 'viewer',
    });
    await audit.record({ action: 'user-add', ...actor(req), details: { username: user.username, role: user.role } });
    res.status(201).json(user);
  });
  router.patch('/users/:username', async (req, res) => {
    const body: unknown = req.body;
    const role = roleField(body, false);
    const password = stringField(body, 'password', false);
    if (role === undefined && password === undefined)
      throw new UserError('invalid_request', 'expected a JSON object with "role" and/or "password"');
    const user = await users.update(req.params.username, { role, password });
    const ended = password !== undefined ? sessions.revokeUser(user.username) : 0;
    await audit.record({
      action: 'user-update',
      ...actor(req),
      details: {
        username: user.username,
        role: user.role,
        passwordChanged: password !== undefined,
        sessionsEnded: ended,
      },
    });
    res.json(user);
  });
  router.delete('/users/:username', async (req, res) => {
    const user = await users.remove(req.params.username);
    sessions.revokeUser(user.username);
    await audit.record({ action: 'user-remove', ...actor(req), details: { username: user.username } });
    res.status(204).end();
  });
  return router;
}

function stringField(body: unknown, key: string, required: boolean): string | undefined {
  const v = typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') throw new UserError('invalid_request', `"${key}" must be a string`);
  return v;
}

function roleField(body: unknown, required: boolean): Role | undefined {
  const v = stringField(body, 'role', required);
  if (v === undefined) return undefined;
  if (!isRole(v)) throw new UserError('invalid_request', `"role" must be one of ${ROLES.join(', ')}`);
  return v;
}
