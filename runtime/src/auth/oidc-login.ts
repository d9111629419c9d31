import { UserError, type Role } from '@millwright/model';
import * as client from 'openid-client';
import { isLoopbackHost } from './auth-policy.js';
import { ROLES } from './permissions.js';

/** `auth.oidc` in settings.json (see the settings schema for what each field means). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  redirectUri: string;
  scopes: string;
  usernameClaim: string;
  roleClaim: string;
  roles: Record<string, Role>;
  defaultRole?: Role | undefined;
  label: string;
}

/** A started login: what the callback needs to check the answer. Kept in memory, never sent out. */
interface Pending {
  codeVerifier: string;
  nonce: string;
  expiresAt: number;
}

/** How long a user may take at the provider's login page. */
const PENDING_MS = 10 * 60 * 1000;
/** Bound on started logins, so anonymous calls of the login route cannot grow memory. */
const MAX_PENDING = 1_000;

/** Who signed in through the provider. */
export interface OidcIdentity {
  username: string;
  role: Role;
  /** The claim values the role was mapped from (for the audit log). */
  roleClaimValues: string[];
  /** For the provider's logout (RP-initiated logout's `id_token_hint`). */
  idToken: string | undefined;
}

/**
 * OpenID Connect login with the authorization code flow and PKCE (S256), through `openid-client`.
 * `begin` makes the provider's authorization URL and remembers the PKCE verifier and nonce under
 * a random state; `finish` takes the provider's redirect back, exchanges the code (with the
 * client secret, when there is one), checks state, nonce and the ID token, and maps the role
 * claim to a Millwright role. The provider's metadata is discovered at the first login (and
 * again after a failure), so a provider that is down does not stop the runtime from starting.
 *
 * Errors (`UserError`): `sso_failed` (the provider refused or could not be reached, a state that
 * is unknown or expired), `sso_no_role` (no claim value maps to a role and there is no default).
 */
export class OidcLogin {
  private config: Promise<client.Configuration> | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(
    readonly settings: OidcSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** The provider's authorization URL to send the browser to, and the state to bind to the browser. */
  async begin(): Promise<{ url: string; state: string }> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    this.prune();
    this.pending.set(state, { codeVerifier, nonce, expiresAt: this.now() + PENDING_MS });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * Completes the login from the callback's query string. `browserState` is the state the
   * browser was given by `begin` (a cookie): a callback from another browser is refused.
   */
  async finish(query: string, browserState: string | undefined): Promise<OidcIdentity> {
    const state = new URLSearchParams(query).get('state') ?? '';
    const pending = this.pending.get(state);
    this.pending.delete(state);
    if (!pending || pending.expiresAt < this.now() || browserState !== state)
      throw new UserError('sso_failed', 'this sign-in is unknown or expired; start it again');
    const config = await this.configuration();
    const callback = new URL(this.settings.redirectUri);
    callback.search = query;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new UserError('sso_failed', `the identity provider refused the sign-in: ${messageOf(err)}`);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new UserError('sso_failed', 'the identity provider sent no ID token');
    const { roleClaim, usernameClaim } = this.settings;
    let claims: Record<string, unknown> = idClaims;
    if (!(roleClaim in idClaims) || !(usernameClaim in idClaims)) {
      // Many providers put profile and group claims only in the userinfo answer.
      const info = await client.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
      claims = { ...info, ...idClaims };
    }
    const username = String(claims[usernameClaim] ?? claims['sub'] ?? '').slice(0, 128);
    const { role, values } = roleFromClaims(claims, this.settings);
    if (!role)
      throw new UserError(
        'sso_no_role',
        `${username} signed in, but no value of the claim "${roleClaim}" (${values.join(', ') || 'none'}) maps to a role`,
      );
    return { username, role, roleClaimValues: values, idToken: tokens.id_token };
  }

  /** The provider's logout URL (RP-initiated logout), or undefined when it has none. */
  async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
    const config = await this.configuration();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  }

  private configuration(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    // Plain http only to a provider on this machine (tests, a local development provider).
    const insecure = new URL(issuer).protocol === 'http:' && isLoopbackHost(new URL(issuer).hostname);
    this.config ??= client
      .discovery(
        new URL(issuer),
        clientId,
        clientSecret,
        clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(),
        insecure ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((err: unknown) => {
        this.config = undefined;
        throw new UserError('sso_failed', `the identity provider ${issuer} cannot be reached: ${messageOf(err)}`);
      });
    return this.config;
  }

  private prune(): void {
    const now = this.now();
    for (const [state, p] of this.pending) if (p.expiresAt < now) this.pending.delete(state);
    while (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
  }
}

/**
 * The strongest role that a value of the role claim maps to (`roles`: claim value -> role), else
 * `defaultRole`. The claim may be a string, a space- or comma-separated string or a list.
 */
export function roleFromClaims(
  claims: Record<string, unknown>,
  settings: Pick<OidcSettings, 'roleClaim' | 'roles' | 'defaultRole'>,
): { role: Role | undefined; values: string[] } {
  const raw = claims[settings.roleClaim];
  const values = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [])
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .slice(0, 100);
  const mapped = values.flatMap((v) => (Object.hasOwn(settings.roles, v) ? [settings.roles[v] as Role] : []));
  const best = mapped.sort((a, b) => ROLES.indexOf(b) - ROLES.indexOf(a))[0];
  return { role: best ?? settings.defaultRole, values };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
