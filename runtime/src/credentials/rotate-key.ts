import { isDeepStrictEqual } from 'node:util';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '@millwright/model';
import { seal, unseal } from './credential-cipher.js';
import {
  CREDENTIAL_KEY_ENV,
  CREDENTIAL_KEY_FILE_ENV,
  createKeyFile,
  KEY_FILE_NAME,
  type KeyMaterial,
} from './credential-key.js';
import {
  CREDENTIALS_FILE,
  CredentialStore,
  credentialsFileSchema,
  NEXT_KEY_FILE,
  readCredentialsFile,
  serialize,
  unlock,
} from './credential-store.js';
import { writeSecretFile } from '../storage/durable-file.js';

export interface RotationResult {
  entries: number;
  oldKeyId: string;
  newKeyId: string;
  /** Set when a new default key file was generated (`<dataDir>/credential.key`). */
  keyFile?: string;
}

/**
 * Re-encrypts every credential under a new key. Opens the store with the current key first (a
 * wrong key throws and changes nothing), seals every entry under the new key, checks that the
 * new text decrypts to the same values, then replaces credentials.json atomically (temp file,
 * fsync, rename) and checks the file on disk again.
 *
 * Without `newKey`, a random key is generated; that is only allowed when the current key is the
 * default `<dataDir>/credential.key`, which is then replaced (via `credential.key.next`, so a
 * crash at any point leaves a key that opens the file). Run it while the runtime is stopped.
 * Throws `UserError`: `credentials_missing`, `same_key`, `new_key_required`, plus those of `open`.
 */
export async function rotateCredentialKey(args: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  newKey?: KeyMaterial | undefined;
}): Promise<RotationResult> {
  const file = join(args.dataDir, CREDENTIALS_FILE);
  if (!(await readCredentialsFile(file)))
    throw new UserError('credentials_missing', `${file} does not exist: there is nothing to re-encrypt`);
  const store = await CredentialStore.open({ dataDir: args.dataDir, env: args.env, createKey: false });
  const usesDefaultFile = !args.env[CREDENTIAL_KEY_ENV] && !args.env[CREDENTIAL_KEY_FILE_ENV];
  if (!args.newKey && !usesDefaultFile)
    throw new UserError(
      'new_key_required',
      `the current key comes from ${store.keySource}: give the new key with --new-key-env or --new-key-file`,
    );
  const nextKeyPath = join(args.dataDir, NEXT_KEY_FILE);
  let material = args.newKey;
  if (!material) {
    await rm(nextKeyPath, { force: true }); // left by a rotation that failed before writing credentials.json
    material = await createKeyFile(nextKeyPath);
  }
  const next = await unlock(material, undefined);
  if (next.keyId === store.keyId) {
    if (!args.newKey) await rm(nextKeyPath, { force: true });
    throw new UserError('same_key', 'the new key is the key already in use');
  }
  const values = store.entries();
  const sealed = new Map([...values].map(([nodeId, v]) => [nodeId, seal(next.key, nodeId, v)]));
  const text = serialize(next, sealed);
  verify(text, next.key, values);
  await writeSecretFile(file, text);
  const onDisk = await readCredentialsFile(file);
  verify(JSON.stringify(onDisk), next.key, values);
  const result: RotationResult = { entries: values.size, oldKeyId: store.keyId, newKeyId: next.keyId };
  if (args.newKey) return result;
  const keyFile = join(args.dataDir, KEY_FILE_NAME);
  await rename(nextKeyPath, keyFile);
  return { ...result, keyFile };
}

/** Throws unless `text` is a credentials file whose entries decrypt under `key` to exactly `expected`. */
function verify(text: string, key: Buffer, expected: ReadonlyMap<string, Record<string, string>>): void {
  const parsed = credentialsFileSchema.parse(JSON.parse(text));
  const entries = Object.entries(parsed.entries);
  const same =
    entries.length === expected.size &&
    entries.every(([nodeId, e]) => isDeepStrictEqual(unseal(key, nodeId, e), expected.get(nodeId)));
  if (!same) throw new Error('re-encrypted credentials do not decrypt to the original values; nothing was changed');
}
