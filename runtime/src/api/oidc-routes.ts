import { FlowError, UserError, type AuthProvidersResponse } from '@millwright/model';
import { Router, type Request } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import type { OidcLogin } from '../auth/oidc-login.js';
import type { SessionStore } from '../auth/session-store.js';
import { ipOf } from './auth-gate.js';

/** Binds a started sign-in to the browser that started it (login CSRF). */
const STATE_COOKIE = 'mw_oidc_state';
const COOKIE_PATH = '/api/auth/oidc';

/**
 * Single sign-on routes, all public: `GET /auth/providers` (`AuthProvidersResponse`, what the
 * editor's sign-in dialog offers), `GET /auth/oidc/login` (redirects to the identity provider)
 * and `GET /auth/oidc/callback` (the provider's redirect back: issues a login token like a
 * password login and hands it to the editor in the URL fragment, `/#token=...`, which never
 * reaches a server or a Referer header; the editor moves it to session storage at once).
 * Sign-ins are audited (`login` with `via: oidc`), refusals tallied like wrong passwords.
 */
export function oidcRoutes(args: { oidc: OidcLogin | undefined; sessions: SessionStore; audit: AuditLog }): Router {
  const { oidc, sessions, audit } = args;
  const router = Router();

  router.get('/auth/providers', (_req, res) => {
    const answer: AuthProvidersResponse = oidc
      ? { sso: { label: oidc.settings.label, loginPath: '/api/auth/oidc/login' } }
      : {};
    res.json(answer);
  });

  router.get('/auth/oidc/login', async (_req, res) => {
    if (!oidc) throw notConfigured();
    const { url, state } = await oidc.begin();
    res.setHeader('Set-Cookie', cookie(oidc, state, 600));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, url);
  });

  router.get('/auth/oidc/callback', async (req, res) => {
    if (!oidc) throw notConfigured();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Set-Cookie', cookie(oidc, '', 0));
    const query = req.originalUrl.split('?')[1] ?? '';
    try {
      const identity = await oidc.finish(query, cookieOf(req, STATE_COOKIE));
      const { token } = sessions.issue(identity.username, { role: identity.role, idToken: identity.idToken });
      await audit.record({
        action: 'login',
        actor: identity.username,
        ...ipOf(req),
        details: { via: 'oidc', role: identity.role, roleClaim: identity.roleClaimValues.slice(0, 20) },
      });
      res.redirect(302, `/#token=${encodeURIComponent(token)}`);
    } catch (err) {
      if (!(err instanceof FlowError)) throw err;
      const { ip } = ipOf(req);
      audit.tally(`oidc\n${ip ?? ''}\n${err.code}`, {
        action: 'login-failed',
        actor: 'oidc',
        ...(ip ? { ip } : {}),
        details: { via: 'oidc', reason: err.code, message: err.message.slice(0, 300) },
      });
      res.redirect(302, `/#sso_error=${encodeURIComponent(err.message)}`);
    }
  });
  return router;
}

function notConfigured(): UserError {
  return new UserError('not_found', 'single sign-on is not configured (auth.oidc in settings.json)');
}

function cookie(oidc: OidcLogin, value: string, maxAge: number): string {
  const secure = new URL(oidc.settings.redirectUri).protocol === 'https:' ? '; Secure' : '';
  return `${STATE_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
