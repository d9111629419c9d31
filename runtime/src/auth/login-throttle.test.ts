import { describe, expect, it } from 'vitest';
import { ADDRESS_STEP, LoginThrottle, PAIR_STEP, USER_STEP } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('lets a few failures of a user name from an address pass, then delays with a doubling wait', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < PAIR_STEP.free; i++) {
      expect(throttle.check('alice', '10.0.0.1').waitMs).toBe(0);
      throttle.failed('alice', '10.0.0.1');
    }
    expect(throttle.check('alice', '10.0.0.1').waitMs).toBe(0);
    throttle.failed('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1').waitMs).toBe(1_000);
    now = 1_000;
    throttle.failed('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1').waitMs).toBe(2_000);
    // Another address is not slowed down by this one's failures.
    expect(throttle.check('alice', '10.0.0.2').waitMs).toBe(0);
    for (let i = 0; i < 30; i++) throttle.failed('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1').waitMs).toBe(PAIR_STEP.maxMs);
  });

  it('delays an address that sprays many user names', () => {
    const throttle = new LoginThrottle(() => 0);
    for (let i = 0; i <= ADDRESS_STEP.free; i++) throttle.failed(`user${i}`, '10.7.7.7');
    expect(throttle.check('carol', '10.7.7.7').waitMs).toBe(1_000);
    expect(throttle.check('carol', '10.7.7.8').waitMs).toBe(0);
  });

  it('delays a user name guessed from many addresses only gently, and never from an address it logged in from', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    throttle.succeeded('Alice', '10.0.0.99'); // her workstation, yesterday
    for (let i = 0; i < 200; i++) throttle.failed('alice', `10.1.${i >> 8}.${i & 255}`);
    expect(throttle.check('alice', '10.9.9.9')).toEqual({ waitMs: USER_STEP.maxMs, known: false });
    expect(throttle.check('ALICE', '10.0.0.99')).toEqual({ waitMs: 0, known: true });
    now = USER_STEP.maxMs;
    expect(throttle.check('alice', '10.9.9.9').waitMs).toBe(0); // at most a minute, then one more try
  });

  it('forgets old failures and a success clears the address', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < 12; i++) throttle.failed('bob', 'ip');
    expect(throttle.check('bob', 'ip').waitMs).toBeGreaterThan(0);
    now = 31 * 60 * 1000 + PAIR_STEP.maxMs;
    expect(throttle.check('bob', 'ip').waitMs).toBe(0);
    throttle.failed('bob', 'ip');
    expect(throttle.check('bob', 'ip').waitMs).toBe(0); // counting started over
    for (let i = 0; i < 10; i++) throttle.failed(`x${i}`, 'ip');
    expect(throttle.check('carol', 'ip').waitMs).toBeGreaterThan(0);
    throttle.succeeded('bob', 'ip');
    expect(throttle.check('carol', 'ip').waitMs).toBe(0);
  });
});
