import { describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS, LoginLimiter } from './login-limiter.js';

describe('LoginLimiter', () => {
  it('allows a few failures, then locks with a doubling delay', () => {
    let now = 0;
    const limiter = new LoginLimiter(() => now);
    for (let i = 0; i < FREE_ATTEMPTS - 1; i++) limiter.failed('alice', '10.0.0.1');
    expect(limiter.retryAfterMs('alice', '10.0.0.1')).toBe(0);
    limiter.failed('alice', '10.0.0.1');
    expect(limiter.retryAfterMs('alice', '10.0.0.1')).toBe(1_000);
    now = 1_000;
    expect(limiter.retryAfterMs('alice', '10.0.0.1')).toBe(0);
    limiter.failed('alice', '10.0.0.1');
    expect(limiter.retryAfterMs('alice', '10.0.0.1')).toBe(2_000);
  });

  it('locks a user name from every address and an address for every user name', () => {
    const limiter = new LoginLimiter(() => 0);
    for (let i = 0; i < FREE_ATTEMPTS; i++) limiter.failed('alice', `10.0.0.${i}`);
    expect(limiter.retryAfterMs('alice', '10.9.9.9')).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('bob', '10.9.9.9')).toBe(0);
    for (let i = 0; i < FREE_ATTEMPTS; i++) limiter.failed(`user${i}`, '10.7.7.7');
    expect(limiter.retryAfterMs('carol', '10.7.7.7')).toBeGreaterThan(0);
  });

  it('caps the lockout at 15 minutes and forgets old failures', () => {
    let now = 0;
    const limiter = new LoginLimiter(() => now);
    for (let i = 0; i < 40; i++) limiter.failed('alice', 'ip');
    expect(limiter.retryAfterMs('alice', 'ip')).toBe(15 * 60 * 1000);
    now = 16 * 60 * 1000 + 31 * 60 * 1000;
    expect(limiter.retryAfterMs('alice', 'ip')).toBe(0);
    limiter.failed('alice', 'ip');
    expect(limiter.retryAfterMs('alice', 'ip')).toBe(0); // counting started over
  });

  it('clears the user name count after a success (user names are case-insensitive)', () => {
    const limiter = new LoginLimiter(() => 0);
    for (let i = 0; i < FREE_ATTEMPTS; i++) limiter.failed('Alice', `ip${i}`);
    expect(limiter.retryAfterMs('alice', 'other')).toBeGreaterThan(0);
    limiter.succeeded('ALICE');
    expect(limiter.retryAfterMs('alice', 'other')).toBe(0);
  });
});
