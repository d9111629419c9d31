import { randomBytes } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, type CredentialsUpdate } from '@millwright/model';
import { z } from 'zod';
import { seal, sealedEntrySchema, unseal, type CredentialValues, type SealedEntry } from './credential-cipher.js';
import {
  CREDENTIAL_KEY_ENV,
  CREDENTIAL_KEY_FILE_ENV,
  deriveKey,
  KEY_FILE_NAME,
  keyIdOf,
  newKdf,
  readKeyFile,
  resolveKeyMaterial,
  type KdfParams,
  type KeyMaterial,
} from './credential-key.js';
import { readJsonFile, writeSecretFile } from '../storage/durable-file.js';

const kdfSchema = z.object({
  name: z.literal('scrypt'),
  salt: z.string(),
  log2N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
});

/** `<dataDir>/credentials.json`. Key ids and KDF parameters are not secret. */
export const credentialsFileSchema = z.object({
  version: z.literal(1),
  keyId: z.string(),
  kdf: kdfSchema.optional(),
  entries: z.record(z.string(), sealedEntrySchema),
});
export type CredentialsFile = z.infer<typeof credentialsFileSchema>;

/** Credentials file name in the data dir. */
export const CREDENTIALS_FILE = 'credentials.json';
/** A new key written by an interrupted default-key-file rotation (see `rotateCredentialKey`). */
export const NEXT_KEY_FILE = `${KEY_FILE_NAME}.next`;

/** Sealed credential entries as shared between the runtimes of a cluster. */
export interface SealedCredentials {
  keyId: string;
  entries: Record<string, SealedEntry>;
}

/** What `apply` changed for one node: key names only, never values. */
export interface CredentialChange {
  nodeId: string;
  set: string[];
  cleared: string[];
  /** The node's whole entry was removed. */
  removed?: boolean;
}

/** An unlocked key: the AES key, its id and (for passphrases) the derivation parameters. */
export interface UnlockedKey {
  key: Buffer;
  keyId: string;
  kdf?: KdfParams | undefined;
  source: string;
}

/**
 * Node credentials (passwords, tokens) encrypted at rest with AES-256-GCM in
 * `<dataDir>/credentials.json`: one entry per node id, each with its own random IV and the node
 * id as authenticated data. Everything is decrypted once at open, so a wrong key or an altered
 * file stops the runtime at start with a clear error and nothing is changed. Values stay in
 * memory for `FlowManager`'s `credentials(nodeId)` lookup and are never returned by the API.
 * Without a data dir the store is in memory with a random key. One owner per file.
 */
export class CredentialStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly unlocked: UnlockedKey,
    private sealed: Map<string, SealedEntry>,
    private values: Map<string, CredentialValues>,
    /** credentials.json, or undefined in memory. */
    readonly file: string | undefined,
    /** Things the operator should fix (a key file others can read, a completed rotation). */
    readonly warnings: readonly string[],
  ) {}

  /**
   * Opens the store with the configured key (see `resolveKeyMaterial`); creates the default key
   * file on first use unless `createKey` is false. Throws `UserError`: `credential_key_missing`
   * (entries exist but no key is configured), `credentials_wrong_key`, `credentials_corrupt`.
   */
  static async open(args: { dataDir?: string | undefined; env?: NodeJS.ProcessEnv; createKey?: boolean } = {}) {
    if (args.dataDir === undefined) {
      const key = randomBytes(32);
      return new CredentialStore({ key, keyId: keyIdOf(key), source: 'memory' }, new Map(), new Map(), undefined, []);
    }
    await mkdir(args.dataDir, { recursive: true });
    const file = join(args.dataDir, CREDENTIALS_FILE);
    const stored = await readCredentialsFile(file);
    const hasEntries = stored !== undefined && Object.keys(stored.entries).length > 0;
    const resolved = await resolveKeyMaterial({
      dataDir: args.dataDir,
      env: args.env ?? process.env,
      create: !hasEntries && args.createKey !== false,
    });
    if (!resolved)
      throw new UserError(
        'credential_key_missing',
        `${file} holds encrypted credentials but no key is configured: set ${CREDENTIAL_KEY_ENV} or ${CREDENTIAL_KEY_FILE_ENV}, or restore ${join(args.dataDir, KEY_FILE_NAME)}`,
      );
    const warnings = resolved.warning ? [resolved.warning] : [];
    let unlocked = await unlock(resolved.material, stored?.kdf);
    if (hasEntries && stored.keyId !== unlocked.keyId && resolved.defaultFile) {
      const finished = await finishRotation(args.dataDir, stored);
      if (finished) {
        unlocked = finished;
        warnings.push(`completed an interrupted key rotation: ${KEY_FILE_NAME} now holds the new key`);
      }
    }
    // An empty file says nothing about the key: it is rewritten under the current key on the next change.
    if (hasEntries && stored.keyId !== unlocked.keyId)
      throw new UserError(
        'credentials_wrong_key',
        `${file} was encrypted with key ${stored.keyId}, but the key from ${unlocked.source} is ${unlocked.keyId}; nothing was changed`,
      );
    const sealed = new Map(Object.entries(stored?.entries ?? {}));
    const values = new Map([...sealed].map(([nodeId, e]) => [nodeId, unseal(unlocked.key, nodeId, e)]));
    return new CredentialStore(unlocked, sealed, values, file, warnings);
  }

  /** Id (fingerprint) of the key in use. */
  get keyId(): string {
    return this.unlocked.keyId;
  }

  /** Where the key came from, e.g. `$MILLWRIGHT_CREDENTIAL_KEY` or `key file ...`. */
  get keySource(): string {
    return this.unlocked.source;
  }

  /** A copy of a node's decrypted credentials, or undefined. For the flow engine only. */
  get(nodeId: string): CredentialValues | undefined {
    const v = this.values.get(nodeId);
    return v && { ...v };
  }

  /** Which keys a node has set (`{ password: true }`): safe to show. */
  keysOf(nodeId: string): string[] {
    return Object.keys(this.values.get(nodeId) ?? {}).sort();
  }

  nodeIds(): string[] {
    return [...this.values.keys()].sort();
  }

  /**
   * The sealed (encrypted) entries of `nodeIds`, with the key id: what a cluster shares through
   * NATS. Ciphertext only; another runtime opens it with the same key.
   */
  sealedFor(nodeIds: Iterable<string>): SealedCredentials {
    const entries: Record<string, SealedEntry> = {};
    for (const id of nodeIds) {
      const e = this.sealed.get(id);
      if (e) entries[id] = e;
    }
    return { keyId: this.unlocked.keyId, entries };
  }

  /**
   * Takes sealed entries shared by another runtime of the cluster. They must be sealed with this
   * runtime's key (same key id): else nothing changes and UserError `credentials_wrong_key` says
   * which key is needed (no entries: nothing to take, any key). Entries of other nodes are kept. Resolves with how many changed.
   */
  importSealed(shared: SealedCredentials): Promise<number> {
    const run = this.queue.then(async () => {
      // A deployment without credentials needs no shared key (runtimes of a cluster without secrets
      // may each keep their own key).
      if (!Object.keys(shared.entries).length) return 0;
      if (shared.keyId !== this.unlocked.keyId)
        throw new UserError(
          'credentials_wrong_key',
          `the cluster's credentials are sealed with key ${shared.keyId}, this runtime has key ${this.unlocked.keyId}: give every runtime the same MILLWRIGHT_CREDENTIAL_KEY`,
        );
      const values = new Map(this.values);
      const sealed = new Map(this.sealed);
      let changed = 0;
      for (const [nodeId, entry] of Object.entries(shared.entries)) {
        const current = sealed.get(nodeId);
        if (current && current.iv === entry.iv && current.data === entry.data && current.tag === entry.tag) continue;
        values.set(nodeId, unseal(this.unlocked.key, nodeId, entry));
        sealed.set(nodeId, entry);
        changed++;
      }
      if (!changed) return 0;
      if (this.file) await writeSecretFile(this.file, serialize(this.unlocked, sealed));
      this.values = values;
      this.sealed = sealed;
      return changed;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Every entry decrypted, for key rotation. */
  entries(): Map<string, CredentialValues> {
    return new Map([...this.values].map(([id, v]) => [id, { ...v }]));
  }

  /**
   * Applies updates (a string sets a key, `null` clears it) and removes whole entries, writing
   * the file once, atomically. Validate updates first (`checkCredentialUpdates`). Resolves with
   * what changed (key names only); nothing changes when the write fails.
   */
  apply(args: {
    updates?: Record<string, CredentialsUpdate>;
    remove?: readonly string[];
  }): Promise<CredentialChange[]> {
    const run = this.queue.then(async () => {
      const values = new Map(this.values);
      const sealed = new Map(this.sealed);
      const changes: CredentialChange[] = [];
      for (const nodeId of args.remove ?? []) {
        if (!values.has(nodeId)) continue;
        changes.push({ nodeId, set: [], cleared: this.keysOf(nodeId), removed: true });
        values.delete(nodeId);
        sealed.delete(nodeId);
      }
      for (const [nodeId, update] of Object.entries(args.updates ?? {})) {
        const next: CredentialValues = { ...values.get(nodeId) };
        const change: CredentialChange = { nodeId, set: [], cleared: [] };
        for (const [k, v] of Object.entries(update)) {
          if (v === null) {
            if (k in next) change.cleared.push(k);
            delete next[k];
          } else {
            next[k] = v;
            change.set.push(k);
          }
        }
        if (!change.set.length && !change.cleared.length) continue;
        changes.push(change);
        if (Object.keys(next).length) {
          values.set(nodeId, next);
          sealed.set(nodeId, seal(this.unlocked.key, nodeId, next));
        } else {
          values.delete(nodeId);
          sealed.delete(nodeId);
        }
      }
      if (!changes.length) return changes;
      if (this.file) await writeSecretFile(this.file, serialize(this.unlocked, sealed));
      this.values = values;
      this.sealed = sealed;
      return changes;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Reads and checks credentials.json; undefined when it does not exist. */
export async function readCredentialsFile(file: string): Promise<CredentialsFile | undefined> {
  const raw = await readJsonFile(file);
  if (raw === undefined) return undefined;
  const parsed = credentialsFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new UserError('credentials_corrupt', `${file} is not a credentials file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The file text for `entries` sealed under `unlocked`. */
export function serialize(unlocked: UnlockedKey, entries: ReadonlyMap<string, SealedEntry>): string {
  const body: CredentialsFile = {
    version: 1,
    keyId: unlocked.keyId,
    ...(unlocked.kdf ? { kdf: unlocked.kdf } : {}),
    entries: Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b))),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Derives the AES key; a passphrase gets the stored KDF parameters or fresh ones. */
export async function unlock(material: KeyMaterial, storedKdf: KdfParams | undefined): Promise<UnlockedKey> {
  const kdf = material.kind === 'passphrase' ? (storedKdf ?? newKdf()) : undefined;
  const key = await deriveKey(material, kdf);
  return { key, keyId: keyIdOf(key), kdf, source: material.source };
}

/**
 * A rotation of the default key file writes the new key to `credential.key.next`, then
 * credentials.json, then renames the key file. After a crash between the last two steps, the
 * `.next` key matches the file: finish the rename.
 */
async function finishRotation(dataDir: string, stored: CredentialsFile): Promise<UnlockedKey | undefined> {
  const next = await readKeyFile(join(dataDir, NEXT_KEY_FILE));
  if (!next) return undefined;
  const unlocked = await unlock(next.material, stored.kdf);
  if (unlocked.keyId !== stored.keyId) return undefined;
  await rename(join(dataDir, NEXT_KEY_FILE), join(dataDir, KEY_FILE_NAME));
  return { ...unlocked, source: `key file ${join(dataDir, KEY_FILE_NAME)}` };
}
