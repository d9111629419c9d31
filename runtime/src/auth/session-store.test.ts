import { describe, expect, it } from 'vitest';
import { SessionStore } from './session-store.js';

describe('SessionStore', () => {
  it('issues random tokens that resolve to their user until they expire', () => {
    let now = 1_000;
    const sessions = new SessionStore(60_000, () => now);
    const a = sessions.issue('alice');
    const b = sessions.issue('alice');
    expect(a.token).toMatch(/^mwt_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.expiresAt).toBe(61_000);
    expect(sessions.resolve(a.token)).toEqual({ username: 'alice', expiresAt: 61_000 });
    now = 60_999;
    expect(sessions.resolve(a.token)?.username).toBe('alice');
    now = 61_000;
    expect(sessions.resolve(a.token)).toBeUndefined();
    expect(sessions.resolve('mwt_made-up')).toBeUndefined();
  });

  it('keeps only token digests in memory', () => {
    const sessions = new SessionStore();
    const { token } = sessions.issue('bob');
    const internals = JSON.stringify([...Reflect.get(sessions, 'sessions').keys()]);
    expect(internals).not.toContain(token);
    expect(internals).not.toContain(token.slice(4));
  });

  it('revokes one token on logout and all of a user on password change', () => {
    const sessions = new SessionStore();
    const a1 = sessions.issue('alice');
    const a2 = sessions.issue('alice');
    const b = sessions.issue('bob');
    expect(sessions.revoke(a1.token)).toBe(true);
    expect(sessions.revoke(a1.token)).toBe(false);
    expect(sessions.resolve(a1.token)).toBeUndefined();
    expect(sessions.resolve(a2.token)).toBeDefined();
    expect(sessions.revokeUser('alice')).toBe(1);
    expect(sessions.resolve(a2.token)).toBeUndefined();
    expect(sessions.resolve(b.token)?.username).toBe('bob');
  });

  it('drops expired sessions when issuing new ones', () => {
    let now = 0;
    const sessions = new SessionStore(10, () => now);
    sessions.issue('a');
    sessions.issue('b');
    now = 20;
    sessions.issue('c');
    expect(sessions.size).toBe(1);
  });
});
