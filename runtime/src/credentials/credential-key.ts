import { createHash, randomBytes, scrypt } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '@millwright/model';
import { readTextFile, writeSecretFile } from '../storage/durable-file.js';

/** The key (base64 of 32 bytes) or a passphrase of 16+ characters. Takes precedence over files. */
export const CREDENTIAL_KEY_ENV = 'MILLWRIGHT_CREDENTIAL_KEY';
/** Path of a key file kept outside the data dir (recommended for plants). */
export const CREDENTIAL_KEY_FILE_ENV = 'MILLWRIGHT_CREDENTIAL_KEY_FILE';
/** Default key file in the data dir, created on first start when no key is configured. */
export const KEY_FILE_NAME = 'credential.key';

const KEY_BYTES = 32;
const MIN_PASSPHRASE = 16;

/** Where a key comes from, before derivation. `source` names it for messages (never the key). */
export type KeyMaterial =
  { kind: 'raw'; key: Buffer; source: string } | { kind: 'passphrase'; passphrase: string; source: string };

/** scrypt parameters of a passphrase-derived key, stored in credentials.json (not secret). */
export interface KdfParams {
  name: 'scrypt';
  salt: string;
  log2N: number;
  r: number;
  p: number;
}

/**
 * Reads a key from text: base64 of exactly 32 bytes is the key itself; anything else is a
 * passphrase (16+ characters) from which the key is derived with scrypt.
 * Throws `UserError` `credential_key_invalid` for an empty or short passphrase.
 */
export function parseKeyText(text: string, source: string): KeyMaterial {
  const trimmed = text.trim();
  const decoded = Buffer.from(trimmed, 'base64');
  if (decoded.length === KEY_BYTES && decoded.toString('base64') === trimmed)
    return { kind: 'raw', key: decoded, source };
  if (trimmed.length < MIN_PASSPHRASE)
    throw new UserError(
      'credential_key_invalid',
      `the credential key from ${source} must be base64 of 32 bytes or a passphrase of ${MIN_PASSPHRASE}+ characters`,
    );
  return { kind: 'passphrase', passphrase: trimmed, source };
}

/** Reads a key file; undefined when it does not exist. `warning` when others may read it. */
export async function readKeyFile(path: string): Promise<{ material: KeyMaterial; warning?: string } | undefined> {
  const text = await readTextFile(path);
  if (text === undefined) return undefined;
  const material = parseKeyText(text, `key file ${path}`);
  const { mode } = await stat(path);
  const warning =
    process.platform !== 'win32' && (mode & 0o077) !== 0
      ? `key file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`
      : undefined;
  return warning ? { material, warning } : { material };
}

/** Writes a new random key (base64) to `path` with mode 0600; fails if the file exists. */
export async function createKeyFile(path: string): Promise<KeyMaterial> {
  const key = randomBytes(KEY_BYTES);
  // 'wx' first so an existing key is never overwritten, then the atomic, fsynced write.
  await (await open(path, 'wx', 0o600)).close();
  await writeSecretFile(path, `${key.toString('base64')}\n`);
  return { kind: 'raw', key, source: `key file ${path}` };
}

/**
 * The configured key: `MILLWRIGHT_CREDENTIAL_KEY`, else the file named by
 * `MILLWRIGHT_CREDENTIAL_KEY_FILE`, else `<dataDir>/credential.key`. When none exists and
 * `create` is set, the default key file is created. Undefined when there is no key.
 */
export async function resolveKeyMaterial(args: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  create: boolean;
}): Promise<{ material: KeyMaterial; warning?: string; defaultFile: boolean } | undefined> {
  const fromEnv = args.env[CREDENTIAL_KEY_ENV];
  if (fromEnv) return { material: parseKeyText(fromEnv, `$${CREDENTIAL_KEY_ENV}`), defaultFile: false };
  const keyFile = args.env[CREDENTIAL_KEY_FILE_ENV];
  if (keyFile) {
    const read = await readKeyFile(keyFile);
    if (!read)
      throw new UserError(
        'credential_key_missing',
        `$${CREDENTIAL_KEY_FILE_ENV} names ${keyFile}, which does not exist`,
      );
    return { ...read, defaultFile: false };
  }
  const path = join(args.dataDir, KEY_FILE_NAME);
  const read = await readKeyFile(path);
  if (read) return { ...read, defaultFile: true };
  if (!args.create) return undefined;
  return { material: await createKeyFile(path), defaultFile: true };
}

/** Fresh scrypt parameters (new salt) for a passphrase. */
export function newKdf(): KdfParams {
  return { name: 'scrypt', salt: randomBytes(16).toString('base64'), log2N: 15, r: 8, p: 1 };
}

/** The 32-byte AES key: the raw key, or scrypt(passphrase, kdf). */
export function deriveKey(material: KeyMaterial, kdf: KdfParams | undefined): Promise<Buffer> {
  if (material.kind === 'raw') return Promise.resolve(material.key);
  if (!kdf) throw new Error('a passphrase needs scrypt parameters');
  if (kdf.log2N < 10 || kdf.log2N > 20 || kdf.r < 1 || kdf.r > 32 || kdf.p < 1 || kdf.p > 16)
    throw new UserError('credentials_corrupt', 'credentials.json has out-of-range key derivation parameters');
  return new Promise((resolve, reject) =>
    scrypt(
      material.passphrase,
      Buffer.from(kdf.salt, 'base64'),
      KEY_BYTES,
      { N: 2 ** kdf.log2N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/**
 * A short, non-secret fingerprint of a key (a hash of it), stored in credentials.json so a
 * wrong key is reported as such instead of as corrupt entries.
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('millwright-credential-key-id\0').update(key).digest('hex').slice(0, 16);
}
