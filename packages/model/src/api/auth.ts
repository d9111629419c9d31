/** Roles, weakest first; each role can do everything the roles before it can. */
export type Role = 'viewer' | 'operator' | 'editor' | 'admin';

/** A user as the admin API shows it (never the password hash). */
export interface UserInfo {
  username: string;
  role: Role;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** POST /api/auth/login */
export interface LoginRequest {
  username: string;
  password: string;
}

/** Answer of POST /api/auth/login: send `token` as `Authorization: Bearer <token>`. */
export interface LoginResponse {
  token: string;
  /** ISO timestamp after which the token is refused. */
  expiresAt: string;
  user: { username: string; role: Role };
}

/**
 * GET /api/auth/providers (no login needed): the sign-in ways besides a password or token.
 * `sso`: OpenID Connect; send the browser to `loginPath`, which comes back to the editor with
 * `#token=<login token>` (or `#sso_error=<message>`).
 */
export interface AuthProvidersResponse {
  sso?: { label: string; loginPath: string };
}

/**
 * POST /api/auth/logout of a single sign-on session (others answer 204): send the browser to
 * `endSessionUrl`, when there is one, to end the session at the identity provider too.
 */
export interface LogoutResponse {
  endSessionUrl?: string;
}

/** GET /api/auth/me: who the request is authenticated as, and how. */
export interface MeResponse {
  username: string;
  role: Role;
  /** `session`: a login token; `service`: the static MILLWRIGHT_TOKEN; `open`: open loopback access. */
  via: 'session' | 'service' | 'open';
  expiresAt?: string;
}

/** POST /api/users */
export interface CreateUserRequest {
  username: string;
  password: string;
  role: Role;
}

/** PATCH /api/users/:username; a new password ends the user's sessions. */
export interface UpdateUserRequest {
  role?: Role;
  password?: string;
}

/** GET /api/credentials/:nodeId: which credential keys are set. Values are never returned. */
export interface CredentialsInfo {
  nodeId: string;
  has: Record<string, boolean>;
}

/**
 * PUT /api/credentials/:nodeId, and `DeployRequest.credentials[nodeId]`: a string sets a key,
 * `null` clears it, a key left out keeps its stored value.
 */
export type CredentialsUpdate = Record<string, string | null>;

/** One line of the audit log (GET /api/audit). Never contains passwords, tokens or credential values. */
export interface AuditEntry {
  /** ISO timestamp. */
  time: string;
  action:
    | 'login'
    | 'login-failed'
    | 'logout'
    | 'forbidden'
    | 'deploy'
    | 'restart'
    | 'credentials-set'
    | 'credentials-removed'
    | 'user-add'
    | 'user-update'
    | 'user-remove'
    | 'key-rotate'
    | 'dashboard-input'
    | 'snapshot-create'
    | 'snapshot-delete'
    | 'rollback'
    | 'promote';
  /** Who acted: a username, `service-token`, `open-access` or `cli`. */
  actor: string;
  /** Client address, for requests. */
  ip?: string;
  /** Action-specific facts: revision, flow ids, node id and key names, target user... */
  details?: Record<string, unknown>;
}
