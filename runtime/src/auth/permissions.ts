import type { Role, RuntimeEventType } from '@millwright/model';

/**
 * The one table of who may do what. Every `/api` request is checked against `ROUTE_PERMISSIONS`
 * by the gate in `api/auth-gate.ts`; a route missing from that table needs `admin`, so a newly
 * added route is never accidentally open. To open a new route to other roles, add a line here:
 *
 * ```ts
 * { method: 'GET', path: '/snapshots/:id', permission: 'flows:read' },
 * ```
 *
 * Paths are relative to `/api`; `:name` matches one segment, `**` (last) any rest.
 */

/** Roles, weakest first. Each role has every permission of the roles before it. */
export const ROLES = ['viewer', 'operator', 'editor', 'admin'] as const satisfies readonly Role[];

/** Permissions a role adds on top of the roles before it. */
const ADDED_BY_ROLE = {
  /** Read flows, the node catalog, flow states and node statuses (no message contents); open dashboards. */
  viewer: ['session', 'flows:read', 'nodes:read', 'events:state', 'dashboard:view'],
  /**
   * Trigger inject nodes; press dashboard buttons and submit dashboard forms; see message contents:
   * debug, error and log events, traces, outbox entries, node/flow/global context values.
   */
  operator: ['inject', 'dashboard:input', 'events:debug', 'outbox:read', 'context:read'],
  /** Change and deploy flows; set credentials (write-only: values are never returned). */
  editor: ['flows:edit', 'flows:deploy', 'credentials:write'],
  /** Users, the audit log, credential housekeeping, outbox replay and deletion, settings. */
  admin: ['users:manage', 'audit:read', 'credentials:manage', 'outbox:replay', 'settings:manage', 'admin'],
} as const satisfies Record<Role, readonly string[]>;

/** One permission, e.g. `flows:deploy`. `session` is any authenticated caller. */
export type Permission = (typeof ADDED_BY_ROLE)[Role][number];

const cumulative = (role: Role): ReadonlySet<Permission> =>
  new Set(ROLES.slice(0, ROLES.indexOf(role) + 1).flatMap((r) => ADDED_BY_ROLE[r]));

/** Role -> every permission it has (cumulative). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: cumulative('viewer'),
  operator: cumulative('operator'),
  editor: cumulative('editor'),
  admin: cumulative('admin'),
};

/** True when `role` has `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** True for a known role name. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLES.some((r) => r === value);
}

/** The weakest role with `permission`, for error messages and docs. */
export function minimumRole(permission: Permission): Role {
  return ROLES.find((r) => can(r, permission)) ?? 'admin';
}

/**
 * The permission each websocket event type needs. Viewers see flow states, node statuses,
 * connection states, deploys and live chart data (dashboards); debug, error and log events can carry message
 * contents, so they need `events:debug`. A new event type must be added here (the compiler
 * insists), which forces a decision about who may see it.
 */
const EVENT_PERMISSION = {
  status: 'events:state',
  'flow-state': 'events:state',
  deploy: 'events:state',
  chart: 'events:state',
  connection: 'events:state',
  debug: 'events:debug',
  error: 'events:debug',
  log: 'events:debug',
} as const satisfies Record<RuntimeEventType, Permission>;

function isEventType(key: string): key is RuntimeEventType {
  return key in EVENT_PERMISSION;
}

/** Event types a role receives on the websocket. */
export function eventTypesFor(role: Role): ReadonlySet<RuntimeEventType> {
  return new Set(
    Object.keys(EVENT_PERMISSION)
      .filter(isEventType)
      .filter((type) => can(role, EVENT_PERMISSION[type])),
  );
}

/** `public`: no authentication at all (login and single sign-on only). */
export type RoutePermission = Permission | 'public';

export interface RouteRule {
  /** HTTP method; HEAD is checked as GET. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `/api`, e.g. `/flows/:id/export`. */
  path: string;
  permission: RoutePermission;
}

/** Every `/api` route and the permission it needs. Routes not listed need `admin`. */
export const ROUTE_PERMISSIONS: readonly RouteRule[] = [
  { method: 'POST', path: '/auth/login', permission: 'public' },
  { method: 'GET', path: '/auth/providers', permission: 'public' },
  { method: 'GET', path: '/auth/oidc/login', permission: 'public' },
  { method: 'GET', path: '/auth/oidc/callback', permission: 'public' },
  { method: 'POST', path: '/auth/logout', permission: 'session' },
  { method: 'GET', path: '/auth/me', permission: 'session' },
  { method: 'GET', path: '/flows', permission: 'flows:read' },
  { method: 'GET', path: '/flows/:id', permission: 'flows:read' },
  { method: 'GET', path: '/flows/:id/export', permission: 'flows:read' },
  { method: 'POST', path: '/flows', permission: 'flows:deploy' },
  { method: 'POST', path: '/flows/restart', permission: 'flows:deploy' },
  { method: 'GET', path: '/snapshots', permission: 'flows:read' },
  { method: 'GET', path: '/snapshots/:id', permission: 'flows:read' },
  { method: 'GET', path: '/snapshots/:a/diff/:b', permission: 'flows:read' },
  // Naming a snapshot and rolling back change what is kept or deployed. Deleting one, and promoting
  // from the runtime (it calls a URL the caller names, with a token the caller gives), are admin only.
  { method: 'POST', path: '/snapshots', permission: 'flows:deploy' },
  { method: 'POST', path: '/snapshots/:id/rollback', permission: 'flows:deploy' },
  // Runs flow code (as a deploy does), so it needs the same permission: the gate of a promotion.
  { method: 'POST', path: '/flow-tests', permission: 'flows:deploy' },
  { method: 'GET', path: '/nodes', permission: 'nodes:read' },
  { method: 'GET', path: '/nodes/packages', permission: 'nodes:read' },
  { method: 'GET', path: '/cluster', permission: 'flows:read' },
  { method: 'POST', path: '/inject/:id', permission: 'inject' },
  // Context values can hold business data (orders, recipes), as messages do: operator and up.
  { method: 'GET', path: '/context/global', permission: 'context:read' },
  { method: 'GET', path: '/context/flow/:flowId', permission: 'context:read' },
  { method: 'GET', path: '/context/node/:nodeId', permission: 'context:read' },
  // Deleting a key changes what the flow does next, as an edit does.
  { method: 'DELETE', path: '/context/global/:key', permission: 'flows:edit' },
  { method: 'DELETE', path: '/context/flow/:flowId/:key', permission: 'flows:edit' },
  { method: 'DELETE', path: '/context/node/:nodeId/:key', permission: 'flows:edit' },
  { method: 'GET', path: '/events', permission: 'events:state' },
  { method: 'GET', path: '/charts/:nodeId', permission: 'events:state' },
  // Dashboards: a page may further be limited to roles (its ui-page node), checked by the route.
  { method: 'GET', path: '/dashboard/pages', permission: 'dashboard:view' },
  { method: 'GET', path: '/dashboard/pages/:path', permission: 'dashboard:view' },
  { method: 'POST', path: '/dashboard/pages/:path/widgets/:nodeId', permission: 'dashboard:input' },
  { method: 'GET', path: '/credentials', permission: 'credentials:manage' },
  { method: 'GET', path: '/credentials/:nodeId', permission: 'credentials:write' },
  { method: 'PUT', path: '/credentials/:nodeId', permission: 'credentials:write' },
  { method: 'DELETE', path: '/credentials/:nodeId', permission: 'credentials:manage' },
  { method: 'GET', path: '/users', permission: 'users:manage' },
  { method: 'POST', path: '/users', permission: 'users:manage' },
  { method: 'PATCH', path: '/users/:username', permission: 'users:manage' },
  { method: 'DELETE', path: '/users/:username', permission: 'users:manage' },
  { method: 'GET', path: '/audit', permission: 'audit:read' },
  { method: 'POST', path: '/import/node-red', permission: 'flows:edit' },
  // Routes of node families (OPC UA browse, lot trace, outbox) bring their own rules: see
  // FamilyRoute.permission and api/family-routes.ts.
];

/**
 * The permission a request needs: the first matching rule of `rules`, else `admin`.
 * `path` is below `/api` (e.g. `/flows/f1`); a trailing slash is ignored, literal segments
 * compare case-insensitively (as express routes do).
 */
export function permissionFor(
  method: string,
  path: string,
  rules: readonly RouteRule[] = ROUTE_PERMISSIONS,
): RoutePermission {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const segments = splitPath(path);
  for (const rule of rules) if (rule.method === m && matches(splitPath(rule.path), segments)) return rule.permission;
  return 'admin';
}

function splitPath(path: string): string[] {
  return path
    .split('?')[0]!
    .split('/')
    .filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));
}

function matches(pattern: string[], segments: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '**') return i === pattern.length - 1;
    const s = segments[i];
    if (s === undefined || s === '') return false;
    if (!p.startsWith(':') && p.toLowerCase() !== s.toLowerCase()) return false;
  }
  return pattern.length === segments.length;
}
