import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, AuthProvidersResponse, LogoutResponse, MeResponse } from '@millwright/model';
import { freePort } from '@millwright/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../auth/fixtures/oidc-provider.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

const SERVICE_TOKEN = 'oidc-test-service-token-0123';
let provider: TestOidcProvider;
let t: TestRuntime;

beforeAll(async () => {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
  provider = await startOidcProvider({
    redirectUri,
    groups: { alice: ['staff', 'mw-engineers'], victor: ['staff'], mallory: ['contractors'] },
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'mw-oidc-'));
  await writeFile(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      auth: {
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          redirectUri,
          roles: { 'mw-engineers': 'editor', staff: 'viewer' },
        },
      },
    }),
  );
  t = await startTestRuntime({
    dataDir,
    port,
    token: SERVICE_TOKEN,
    env: { MILLWRIGHT_OIDC_CLIENT_SECRET: provider.clientSecret },
  });
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

/** A browser's cookies, per host:port (enough for these two servers). */
class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();
  header(url: URL): string {
    return [...(this.cookies.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(url: URL, res: Response): void {
    const jar = this.cookies.get(url.host) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name.trim(), value.join('='));
    }
    this.cookies.set(url.host, jar);
  }
}

/**
 * Signs in as `login` the way a browser does: the runtime's login route, the provider's sign-in
 * form, the redirects back. Returns the editor URL the runtime finally sends the browser to.
 */
async function signIn(login: string, jar = new CookieJar()): Promise<URL> {
  let url = new URL('/api/auth/oidc/login', t.url);
  let init: RequestInit = {};
  for (let hop = 0; hop < 15; hop++) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
    });
    jar.take(url, res);
    init = {};
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.host === new URL(t.url).host && !next.pathname.startsWith('/api/')) return next;
      url = next;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) throw new Error(`sign-in stuck at ${url.href}: ${res.status} ${html}`);
    url = new URL(action.replaceAll('&amp;', '&'), url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any-password' }).toString(),
    };
  }
  throw new Error('too many redirects');
}

const fragment = (url: URL) => new URLSearchParams(url.hash.slice(1));

describe('single sign-on with OpenID Connect', () => {
  it('offers the provider on the sign-in dialog without a login', async () => {
    expect((await t.api('GET', '/api/auth/providers')).body).toEqual({
      sso: { label: 'Sign in with SSO', loginPath: '/api/auth/oidc/login' },
    } satisfies AuthProvidersResponse);
  });

  it('signs in with the code flow and PKCE, maps the strongest role from the groups claim, and logs out', async () => {
    const landed = await signIn('alice');
    const token = fragment(landed).get('token');
    expect(token, landed.href).toMatch(/^mwt_/);
    const me = (await t.api('GET', '/api/auth/me', undefined, token!)).body as MeResponse;
    expect(me).toMatchObject({ username: 'alice', role: 'editor', via: 'session' });
    expect((await t.api('POST', '/api/flows', { flows: [] }, token!)).status).toBe(200);

    const viewer = fragment(await signIn('victor')).get('token')!;
    expect((await t.api('GET', '/api/auth/me', undefined, viewer)).body).toMatchObject({ role: 'viewer' });
    expect((await t.api('POST', '/api/flows', { flows: [] }, viewer)).status).toBe(403);

    const out = await t.api('POST', '/api/auth/logout', undefined, token!);
    expect(out.status).toBe(200);
    const end = new URL((out.body as LogoutResponse).endSessionUrl!);
    expect(end.origin).toBe(provider.issuer);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(new URL('/', t.url).href);
    expect((await t.api('GET', '/api/auth/me', undefined, token!)).status).toBe(401);

    const audit = (await t.api('GET', '/api/audit', undefined, SERVICE_TOKEN)).body as AuditEntry[];
    expect(audit.find((e) => e.action === 'login' && e.actor === 'alice')?.details).toMatchObject({
      via: 'oidc',
      role: 'editor',
    });
    expect(JSON.stringify(audit)).not.toContain(provider.clientSecret);
  });

  it('refuses a user whose claims map to no role, and a callback from another browser', async () => {
    const refused = fragment(await signIn('mallory'));
    expect(refused.get('token')).toBeNull();
    expect(refused.get('sso_error')).toContain('contractors');

    // The provider's answer replayed without the browser's state cookie (login CSRF) is refused.
    const jar = new CookieJar();
    const start = await fetch(new URL('/api/auth/oidc/login', t.url), { redirect: 'manual' });
    jar.take(new URL(t.url), start);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const forged = await fetch(new URL(`/api/auth/oidc/callback?code=x&state=${state}`, t.url), {
      redirect: 'manual',
    });
    expect(fragment(new URL(forged.headers.get('location')!, t.url)).get('sso_error')).toContain('unknown or expired');
  });

  it('never sends the client secret back or lets SSO turn open access on', async () => {
    expect((await t.api('GET', '/api/flows')).status).toBe(401);
    const providers = await t.api('GET', '/api/auth/providers');
    expect(providers.text).not.toContain(provider.clientSecret);
  });
});
