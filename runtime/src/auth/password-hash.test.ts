import { describe, expect, it } from 'vitest';
import { hashPassword, SCRYPT_COST, verifyAgainstDummy, verifyPassword } from './password-hash.js';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('stores the parameters and a fresh salt with every hash, never the password', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).not.toBe(b);
    expect(a).not.toContain('same password');
    const [scheme, n, r, p, salt, hash] = a.split('$');
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual([
      'scrypt',
      SCRYPT_COST.log2N,
      SCRYPT_COST.r,
      SCRYPT_COST.p,
    ]);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
  });

  it('still verifies hashes made with other stored parameters', async () => {
    const cheap = await hashPassword('upgrade me later', { log2N: 10, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('upgrade me later', cheap)).toBe(true);
  });

  it('treats malformed or absurd stored hashes as a mismatch instead of working on them', async () => {
    const good = await hashPassword('pw-pw-pw-pw');
    const [, , r, p, salt, hash] = good.split('$');
    for (const bad of [
      '',
      'plain',
      `md5$1$2$3$${salt}$${hash}`,
      `scrypt$30$${r}$${p}$${salt}$${hash}`,
      `scrypt$x$8$1$${salt}$${hash}`,
    ])
      expect(await verifyPassword('pw-pw-pw-pw', bad)).toBe(false);
  });

  it('spends a verification on unknown users and always says no', async () => {
    expect(await verifyAgainstDummy('not-a-real-password')).toBe(false);
  });
});
