import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 (the OWASP minimum for scrypt), about 32 MiB and 50-100 ms
 * per hash on a small server. That makes offline guessing of a stolen users.json slow while a
 * login stays quick. Parameters are stored with each hash, so raising them later keeps old
 * hashes verifiable (they are upgraded at the next password change).
 */
export const SCRYPT_COST: ScryptCost = { log2N: 15, r: 8, p: 1 };

/** scrypt parameters: N = 2^log2N (CPU and memory), r (block size), p (parallelism). */
export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Node's default maxmem (32 MiB) is exactly 128 * N * r at N = 2^15: leave headroom. */
const MAX_MEM = 256 * 1024 * 1024;
/** Refuse absurd stored parameters (a tampered file must not make a login allocate gigabytes). */
const MAX_LOG2N = 20;

/** Shortest accepted password. Length beats composition rules (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * Hashes a password with a fresh random salt. Returns `scrypt$<log2N>$<r>$<p>$<salt>$<hash>`
 * (base64), which `verifyPassword` understands.
 */
export async function hashPassword(password: string, cost: ScryptCost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, cost);
  return ['scrypt', cost.log2N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * True when `password` matches `stored` (from `hashPassword`). Compares in constant time.
 * A malformed `stored` value is simply a mismatch.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification and returns false: used for unknown user names so that
 * response times do not reveal which names exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-real-password');
  await verifyPassword(password, await dummy);
  return false;
}

function parseHash(stored: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return undefined;
  const cost = { log2N: Number(n), r: Number(r), p: Number(p) };
  const ok =
    Number.isInteger(cost.log2N) &&
    cost.log2N >= 10 &&
    cost.log2N <= MAX_LOG2N &&
    Number.isInteger(cost.r) &&
    cost.r >= 1 &&
    cost.r <= 32 &&
    Number.isInteger(cost.p) &&
    cost.p >= 1 &&
    cost.p <= 16;
  if (!ok) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.log2N, r: cost.r, p: cost.p, maxmem: MAX_MEM };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
