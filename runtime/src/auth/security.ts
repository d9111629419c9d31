import { AuditLog } from '../audit/audit-log.js';
import type { CredentialStore } from '../credentials/credential-store.js';
import { describeAuth, resolveAuthPolicy, type AuthPolicy, type AuthSettings } from './auth-policy.js';
import { Authenticator } from './authenticator.js';
import { HashSlots } from './hash-slots.js';
import { LoginThrottle } from './login-throttle.js';
import { OidcLogin, type OidcSettings } from './oidc-login.js';
import { SessionStore } from './session-store.js';
import { UserStore } from './user-store.js';

/** `auth` in settings.json. */
type SecuritySettings = AuthSettings & { sessionTtlHours?: number | undefined; oidc?: OidcSettings | undefined };

/** Everything the admin API and websocket need for authentication, roles, credentials and audit. */
export interface AdminSecurity {
  policy: AuthPolicy;
  auth: Authenticator;
  users: UserStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  hashSlots: HashSlots;
  audit: AuditLog;
  credentials: CredentialStore;
  /** Single sign-on through an OpenID Connect provider, when `auth.oidc` is set. */
  oidc: OidcLogin | undefined;
  /** One line for the start-up log (warns loudly in open mode). */
  describe(host: string): string;
}

/**
 * Composes the security pieces from opened stores and the `auth` settings. Throws `UserError`
 * `auth_token_required` (see `resolveAuthPolicy`) or `weak_token`.
 */
export function createSecurity(args: {
  host: string;
  settings: SecuritySettings;
  token: string | undefined;
  /** `MILLWRIGHT_OIDC_CLIENT_SECRET`: wins over `auth.oidc.clientSecret`. */
  oidcClientSecret?: string | undefined;
  users: UserStore;
  audit: AuditLog;
  credentials: CredentialStore;
}): AdminSecurity {
  const { users, audit, credentials } = args;
  const policy = resolveAuthPolicy({
    host: args.host,
    settings: args.settings,
    token: args.token,
    userCount: users.count,
  });
  const oidc = args.settings.oidc;
  const sessions = new SessionStore((args.settings.sessionTtlHours ?? 12) * 60 * 60 * 1000);
  return {
    policy,
    auth: new Authenticator({ policy, users, sessions }),
    users,
    sessions,
    throttle: new LoginThrottle(),
    hashSlots: new HashSlots(),
    audit,
    credentials,
    oidc: oidc && new OidcLogin({ ...oidc, clientSecret: args.oidcClientSecret || oidc.clientSecret }),
    describe: (host) => describeAuth(policy, users.count, host),
  };
}

/**
 * Opens the user store and the audit log in `dataDir` (in memory without one) and composes the
 * security pieces around the given credential store.
 */
export async function openSecurity(args: {
  dataDir: string | undefined;
  host: string;
  settings: SecuritySettings;
  token: string | undefined;
  oidcClientSecret?: string | undefined;
  credentials: CredentialStore;
  onAuditError: (err: unknown) => void;
}): Promise<AdminSecurity> {
  const users = await UserStore.open(args.dataDir);
  const audit = await AuditLog.open(args.dataDir, args.onAuditError);
  try {
    return createSecurity({ ...args, users, audit });
  } catch (err) {
    await audit.close();
    throw err;
  }
}
