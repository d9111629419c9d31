import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { UserError, type Role } from '@millwright/model';

/** Shortest accepted static service token (settings.json enforces the same). */
export const MIN_TOKEN_LENGTH = 16;

/** The settings that decide the policy (`auth` in settings.json). */
export interface AuthSettings {
  required: boolean;
  openOnLoopback: boolean;
  token?: string | undefined;
  tokenRole?: Role | undefined;
  /** Single sign-on (`auth.oidc`); only whether it is set matters here. */
  oidc?: { issuer: string } | undefined;
}

/** How the admin API and websocket authenticate; decided once at start. */
export interface AuthPolicy {
  /**
   * Why authentication is on no matter what is configured (a non-loopback host, `auth.required`,
   * `auth.openOnLoopback: false`); undefined when open loopback access is allowed.
   */
  forcedBy: string | undefined;
  /** The static service token (`MILLWRIGHT_TOKEN` or `auth.token`), for headless and CI use. */
  serviceToken: string | undefined;
  /** Role of requests carrying the service token (`auth.tokenRole`, default admin). */
  serviceRole: Role;
  /** Issuer of the single sign-on provider, when `auth.oidc` is set: authentication is then always on. */
  ssoIssuer: string | undefined;
}

/** True for hosts only reachable from this machine: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * Decides the policy (secure by default). Open access, where every request acts as an admin, is
 * only possible on a loopback host with `auth.openOnLoopback` true and `auth.required` false,
 * and only while no user and no service token exist (`isOpen`). Any other host forces
 * authentication; then a user or a service token must exist, or this throws `UserError`
 * `auth_token_required` so the runtime refuses to start.
 * `token` is the explicit option, else `MILLWRIGHT_TOKEN`, else `auth.token` from settings.json.
 */
export function resolveAuthPolicy(args: {
  host: string;
  settings: AuthSettings;
  token?: string | undefined;
  userCount: number;
}): AuthPolicy {
  const { host, settings, userCount } = args;
  const serviceToken = args.token || settings.token || undefined;
  if (serviceToken !== undefined && serviceToken.length < MIN_TOKEN_LENGTH)
    throw new UserError('weak_token', `the service token must be at least ${MIN_TOKEN_LENGTH} characters long`);
  const forcedBy = !isLoopbackHost(host)
    ? `the server binds to the non-loopback host ${host}`
    : settings.required
      ? 'auth.required is true in settings.json'
      : !settings.openOnLoopback
        ? 'auth.openOnLoopback is false in settings.json'
        : undefined;
  const ssoIssuer = settings.oidc?.issuer;
  if (forcedBy && !serviceToken && userCount === 0 && ssoIssuer === undefined)
    throw new UserError(
      'auth_token_required',
      `refusing to start: ${forcedBy} but no user and no service token exist; add an admin with ` +
        '"millwright user add <name> --role admin", or set MILLWRIGHT_TOKEN (16+ characters)',
    );
  return { forcedBy, serviceToken, serviceRole: settings.tokenRole ?? 'admin', ssoIssuer };
}

/**
 * True while requests need no credentials: open loopback access is allowed and nothing (no
 * user, service token or single sign-on) is configured. Adding the first user (even through the open API) turns authentication on.
 */
export function isOpen(policy: AuthPolicy, userCount: number): boolean {
  return (
    policy.forcedBy === undefined &&
    policy.serviceToken === undefined &&
    policy.ssoIssuer === undefined &&
    userCount === 0
  );
}

/** One line for the start-up log. */
export function describeAuth(policy: AuthPolicy, userCount: number, host: string): string {
  if (isOpen(policy, userCount))
    return `OPEN ACCESS: anyone on this machine acts as admin (loopback host ${host}, auth.openOnLoopback, no users); add a user to turn authentication on`;
  const what = [
    userCount ? `${userCount} user(s)` : undefined,
    policy.serviceToken ? `a service token (role ${policy.serviceRole})` : undefined,
    policy.ssoIssuer ? `single sign-on through ${policy.ssoIssuer}` : undefined,
  ].filter(Boolean);
  return `authentication required (${policy.forcedBy ?? 'credentials are configured'}): ${what.join(' and ')}`;
}

/**
 * True when a request may use open access: its `Host` names a loopback address and its `Origin`
 * (sent by browsers on cross-site and state-changing requests), if any, is a loopback page too.
 * This keeps other web sites open in the same browser (cross-site requests) and DNS-rebinding
 * tricks (a foreign name resolving to 127.0.0.1) away from the open demo mode.
 */
export function isLocalRequest(req: IncomingMessage): boolean {
  const host = hostnameOf(`http://${req.headers.host ?? ''}`);
  if (host === undefined || !isLoopbackHost(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const originHost = hostnameOf(origin);
  return originHost !== undefined && isLoopbackHost(originHost);
}

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
