import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { describeAuth, isLocalRequest, isLoopbackHost, isOpen, resolveAuthPolicy } from './auth-policy.js';

const open = { required: false, openOnLoopback: true };
const TOKEN = 'a-token-that-is-long-enough';

describe('resolveAuthPolicy', () => {
  it('leaves a loopback server without users or token open, and says so loudly', () => {
    const policy = resolveAuthPolicy({ host: '127.0.0.1', settings: open, userCount: 0 });
    expect(isOpen(policy, 0)).toBe(true);
    expect(describeAuth(policy, 0, '127.0.0.1')).toMatch(/^OPEN ACCESS/);
  });

  it('turns authentication on once a user exists, even on loopback', () => {
    const policy = resolveAuthPolicy({ host: '127.0.0.1', settings: open, userCount: 0 });
    expect(isOpen(policy, 1)).toBe(false);
    expect(isOpen(resolveAuthPolicy({ host: '::1', settings: { ...open, token: TOKEN }, userCount: 0 }), 0)).toBe(
      false,
    );
  });

  it('turns authentication on with single sign-on, and lets a network host start with it alone', () => {
    const oidc = { issuer: 'https://login.example.com' };
    const loopback = resolveAuthPolicy({ host: '127.0.0.1', settings: { ...open, oidc }, userCount: 0 });
    expect(isOpen(loopback, 0)).toBe(false);
    const network = resolveAuthPolicy({ host: '0.0.0.0', settings: { ...open, oidc }, userCount: 0 });
    expect(describeAuth(network, 0, '0.0.0.0')).toContain('single sign-on through https://login.example.com');
  });

  it.each(['0.0.0.0', '::', '10.1.2.3', '192.168.1.10', 'plant.example', '128.0.0.1'])(
    'forces authentication on the non-loopback host %s, whatever openOnLoopback says',
    (host) => {
      expect(() => resolveAuthPolicy({ host, settings: open, userCount: 0 })).toThrow(
        expect.objectContaining({ code: 'auth_token_required', message: expect.stringContaining(host) }),
      );
      const withUser = resolveAuthPolicy({ host, settings: open, userCount: 1 });
      expect(withUser.forcedBy).toContain(host);
      expect(isOpen(withUser, 1)).toBe(false);
      // Even if every user were removed later, a forced policy never becomes open.
      expect(isOpen(withUser, 0)).toBe(false);
      expect(isOpen(resolveAuthPolicy({ host, settings: open, token: TOKEN, userCount: 0 }), 0)).toBe(false);
    },
  );

  it('forces authentication on loopback when settings ask for it', () => {
    expect(() => resolveAuthPolicy({ host: '127.0.0.1', settings: { ...open, required: true }, userCount: 0 })).toThrow(
      /auth\.required/,
    );
    expect(() =>
      resolveAuthPolicy({ host: 'localhost', settings: { ...open, openOnLoopback: false }, userCount: 0 }),
    ).toThrow(/openOnLoopback is false/);
    const policy = resolveAuthPolicy({ host: 'localhost', settings: { ...open, openOnLoopback: false }, userCount: 2 });
    expect(isOpen(policy, 0)).toBe(false);
  });

  it('names both ways out in the refusal', () => {
    expect(() => resolveAuthPolicy({ host: '0.0.0.0', settings: open, userCount: 0 })).toThrow(
      /millwright user add .*MILLWRIGHT_TOKEN/,
    );
  });

  it('prefers the explicit token over settings, refuses short tokens, and applies tokenRole', () => {
    const policy = resolveAuthPolicy({
      host: '127.0.0.1',
      settings: { ...open, token: TOKEN, tokenRole: 'operator' },
      token: `${TOKEN}-2`,
      userCount: 0,
    });
    expect(policy).toMatchObject({ serviceToken: `${TOKEN}-2`, serviceRole: 'operator' });
    expect(resolveAuthPolicy({ host: '::1', settings: { ...open, token: TOKEN }, userCount: 0 }).serviceRole).toBe(
      'admin',
    );
    expect(() => resolveAuthPolicy({ host: '127.0.0.1', settings: open, token: 'short', userCount: 0 })).toThrow(
      expect.objectContaining({ code: 'weak_token' }),
    );
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.1.2.3', false],
    ['192.168.1.10', false],
    ['plant.example', false],
    ['localhost.evil.example', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('isLocalRequest', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as IncomingMessage;
  it.each([
    [{ host: '127.0.0.1:1880' }, true],
    [{ host: 'localhost:1880', origin: 'http://localhost:5173' }, true],
    [{ host: '[::1]:1880', origin: 'http://[::1]:1880' }, true],
    [{ host: 'evil.example:1880' }, false], // DNS rebinding: a foreign name resolving to 127.0.0.1
    [{ host: '127.0.0.1:1880', origin: 'https://evil.example' }, false], // a cross-site page
    [{ host: '127.0.0.1:1880', origin: 'null' }, false], // sandboxed frames, file: pages
    [{}, false],
  ])('%j -> %s', (headers, expected) => {
    expect(isLocalRequest(req(headers))).toBe(expected);
  });
});
