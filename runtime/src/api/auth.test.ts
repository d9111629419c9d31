import { describe, expect, it } from 'vitest';
import { isLoopbackHost, resolveAuth } from './auth.js';

const open = { required: false, openOnLoopback: true };
const TOKEN = 'a-token-that-is-long-enough';

describe('resolveAuth', () => {
  it('leaves a loopback server without a token open, and says so', () => {
    expect(resolveAuth({ host: '127.0.0.1', settings: open })).toMatchObject({
      required: false,
      reason: expect.stringContaining('auth.openOnLoopback'),
    });
  });

  it('refuses a non-loopback host without a token', () => {
    expect(() => resolveAuth({ host: '0.0.0.0', settings: open })).toThrow(
      expect.objectContaining({ code: 'auth_token_required', message: expect.stringContaining('0.0.0.0') }),
    );
    expect(resolveAuth({ host: '0.0.0.0', settings: open, token: TOKEN })).toMatchObject({
      required: true,
      token: TOKEN,
    });
  });

  it('requires the token when settings ask for it, or whenever one is configured', () => {
    expect(() => resolveAuth({ host: '127.0.0.1', settings: { ...open, required: true } })).toThrow(/auth\.required/);
    expect(() => resolveAuth({ host: 'localhost', settings: { ...open, openOnLoopback: false } })).toThrow(
      /openOnLoopback is false/,
    );
    expect(resolveAuth({ host: '::1', settings: { ...open, token: TOKEN } })).toMatchObject({
      required: true,
      token: TOKEN,
    });
  });

  it('prefers the explicit token over settings and refuses short tokens', () => {
    expect(resolveAuth({ host: '127.0.0.1', settings: { ...open, token: TOKEN }, token: `${TOKEN}-2` }).token).toBe(
      `${TOKEN}-2`,
    );
    expect(() => resolveAuth({ host: '127.0.0.1', settings: open, token: 'short' })).toThrow(
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
    ['192.168.1.10', false],
    ['plant.example', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
