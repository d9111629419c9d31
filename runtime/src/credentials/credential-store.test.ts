import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialStore } from './credential-store.js';

const SECRET = 'plc-password-Zq8!x';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-creds-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileText = () => readFile(join(dir, 'credentials.json'), 'utf8');
const keyEnv = (key = randomBytes(32)) => ({ MILLWRIGHT_CREDENTIAL_KEY: key.toString('base64') });

describe('CredentialStore', () => {
  it('encrypts at rest: the file never holds the plaintext, a reopened store decrypts it', async () => {
    const env = keyEnv();
    const store = await CredentialStore.open({ dataDir: dir, env });
    const changes = await store.apply({ updates: { plc1: { password: SECRET, user: 'op' } } });
    expect(changes).toEqual([{ nodeId: 'plc1', set: ['password', 'user'], cleared: [] }]);
    const text = await fileText();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    const file = JSON.parse(text);
    expect(file).toMatchObject({ version: 1, keyId: store.keyId, entries: { plc1: expect.any(Object) } });
    expect(Buffer.from(file.entries.plc1.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(file.entries.plc1.tag, 'base64')).toHaveLength(16);
    if (process.platform !== 'win32') expect((await stat(join(dir, 'credentials.json'))).mode & 0o777).toBe(0o600);

    const again = await CredentialStore.open({ dataDir: dir, env });
    expect(again.get('plc1')).toEqual({ password: SECRET, user: 'op' });
    expect(again.keysOf('plc1')).toEqual(['password', 'user']);
  });

  it('shares sealed entries with a store of the same key (a cluster), and refuses another key', async () => {
    const key = randomBytes(32);
    const dirA = await mkdtemp(join(tmpdir(), 'mw-creds-a-'));
    const a = await CredentialStore.open({ dataDir: dirA, env: keyEnv(key) });
    await a.apply({ updates: { plc1: { password: SECRET }, other: { token: 'x'.repeat(20) } } });
    const shared = a.sealedFor(['plc1']);
    expect(Object.keys(shared.entries)).toEqual(['plc1']);
    expect(JSON.stringify(shared)).not.toContain(SECRET);
    const b = await CredentialStore.open({ dataDir: dir, env: keyEnv(key) });
    expect(await b.importSealed(shared)).toBe(1);
    expect(b.get('plc1')).toEqual({ password: SECRET });
    expect(await b.importSealed(shared)).toBe(0);
    expect((await CredentialStore.open({ dataDir: dir, env: keyEnv(key) })).get('plc1')).toEqual({ password: SECRET });
    const stranger = await CredentialStore.open({ dataDir: dirA + '-other', env: keyEnv() });
    await expect(stranger.importSealed(shared)).rejects.toMatchObject({ code: 'credentials_wrong_key' });
    expect(stranger.get('plc1')).toBeUndefined();
    // A deployment without credentials needs no common key.
    expect(await stranger.importSealed(a.sealedFor([]))).toBe(0);
    await rm(dirA, { recursive: true, force: true });
    await rm(dirA + '-other', { recursive: true, force: true });
  });

  it('uses a fresh IV for every write, so equal values never give equal ciphertext', async () => {
    const store = await CredentialStore.open({ dataDir: dir, env: keyEnv() });
    await store.apply({ updates: { a: { password: SECRET }, b: { password: SECRET } } });
    const first = JSON.parse(await fileText()).entries;
    expect(first.a.data).not.toBe(first.b.data);
    expect(first.a.iv).not.toBe(first.b.iv);
    await store.apply({ updates: { a: { password: SECRET, extra: 'x' } } });
    await store.apply({ updates: { a: { extra: null } } });
    expect(JSON.parse(await fileText()).entries.a.iv).not.toBe(first.a.iv);
  });

  it('clears keys with null and drops entries left empty', async () => {
    const store = await CredentialStore.open({ dataDir: dir, env: keyEnv() });
    await store.apply({ updates: { n1: { password: SECRET, token: 't' } } });
    expect(await store.apply({ updates: { n1: { password: null } } })).toEqual([
      { nodeId: 'n1', set: [], cleared: ['password'] },
    ]);
    expect(store.get('n1')).toEqual({ token: 't' });
    await store.apply({ updates: { n1: { token: null } } });
    expect(store.get('n1')).toBeUndefined();
    expect(JSON.parse(await fileText()).entries).toEqual({});
    expect(await store.apply({ updates: { n1: { token: null } } })).toEqual([]);
  });

  it('refuses a tampered entry with a clear error', async () => {
    const env = keyEnv();
    const store = await CredentialStore.open({ dataDir: dir, env });
    await store.apply({ updates: { plc1: { password: SECRET } } });
    const file = JSON.parse(await fileText());
    const data = Buffer.from(file.entries.plc1.data, 'base64');
    data[0]! ^= 0x01; // flip one bit of the ciphertext
    file.entries.plc1.data = data.toString('base64');
    await writeFile(join(dir, 'credentials.json'), JSON.stringify(file));
    await expect(CredentialStore.open({ dataDir: dir, env })).rejects.toMatchObject({
      code: 'credentials_corrupt',
      message: expect.stringContaining('"plc1"'),
    });
  });

  it('refuses an entry moved to another node id (the node id is authenticated)', async () => {
    const env = keyEnv();
    const store = await CredentialStore.open({ dataDir: dir, env });
    await store.apply({ updates: { admin_api: { token: SECRET }, harmless: { token: 'x' } } });
    const file = JSON.parse(await fileText());
    file.entries.harmless = file.entries.admin_api;
    await writeFile(join(dir, 'credentials.json'), JSON.stringify(file));
    await expect(CredentialStore.open({ dataDir: dir, env })).rejects.toMatchObject({ code: 'credentials_corrupt' });
  });

  it('refuses the wrong key with a clear error and leaves the file alone', async () => {
    const store = await CredentialStore.open({ dataDir: dir, env: keyEnv() });
    await store.apply({ updates: { plc1: { password: SECRET } } });
    const before = await fileText();
    await expect(CredentialStore.open({ dataDir: dir, env: keyEnv() })).rejects.toMatchObject({
      code: 'credentials_wrong_key',
      message: expect.stringContaining('MILLWRIGHT_CREDENTIAL_KEY'),
    });
    expect(await fileText()).toBe(before);
  });

  it('derives the key from a passphrase with a stored salt', async () => {
    const env = { MILLWRIGHT_CREDENTIAL_KEY: 'a long plant passphrase, kept in a vault' };
    const store = await CredentialStore.open({ dataDir: dir, env });
    await store.apply({ updates: { n: { password: SECRET } } });
    const file = JSON.parse(await fileText());
    expect(file.kdf).toMatchObject({ name: 'scrypt', log2N: 15 });
    expect((await CredentialStore.open({ dataDir: dir, env })).get('n')).toEqual({ password: SECRET });
    await expect(
      CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: 'another passphrase of some length' } }),
    ).rejects.toMatchObject({ code: 'credentials_wrong_key' });
    await expect(
      CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: 'short' } }),
    ).rejects.toMatchObject({ code: 'credential_key_invalid' });
  });

  it('creates a 0600 key file on first use when no key is configured, and reuses it', async () => {
    const store = await CredentialStore.open({ dataDir: dir, env: {} });
    await store.apply({ updates: { n: { password: SECRET } } });
    const keyFile = join(dir, 'credential.key');
    expect(Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64')).toHaveLength(32);
    if (process.platform !== 'win32') expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await CredentialStore.open({ dataDir: dir, env: {} })).get('n')).toEqual({ password: SECRET });
  });

  it('reads a key file named by MILLWRIGHT_CREDENTIAL_KEY_FILE and warns when others can read it', async () => {
    const keyDir = await mkdtemp(join(tmpdir(), 'mw-key-'));
    try {
      const keyFile = join(keyDir, 'plant.key');
      await writeFile(keyFile, randomBytes(32).toString('base64'));
      await chmod(keyFile, 0o644);
      const store = await CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY_FILE: keyFile } });
      if (process.platform !== 'win32') expect(store.warnings.join()).toContain('chmod 600');
      await expect(
        CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY_FILE: join(keyDir, 'missing.key') } }),
      ).rejects.toMatchObject({ code: 'credential_key_missing' });
    } finally {
      await rm(keyDir, { recursive: true, force: true });
    }
  });

  it('never invents a new key for existing entries whose key file is gone', async () => {
    const store = await CredentialStore.open({ dataDir: dir, env: {} });
    await store.apply({ updates: { n: { password: SECRET } } });
    await rm(join(dir, 'credential.key'));
    await expect(CredentialStore.open({ dataDir: dir, env: {} })).rejects.toMatchObject({
      code: 'credential_key_missing',
    });
    await expect(readFile(join(dir, 'credential.key'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removes whole entries and reports key names only', async () => {
    const store = await CredentialStore.open({ dataDir: dir, env: keyEnv() });
    await store.apply({ updates: { a: { password: SECRET }, b: { token: SECRET } } });
    const changes = await store.apply({ remove: ['a', 'unknown'] });
    expect(changes).toEqual([{ nodeId: 'a', set: [], cleared: ['password'], removed: true }]);
    expect(JSON.stringify(changes)).not.toContain(SECRET);
    expect(store.nodeIds()).toEqual(['b']);
  });

  it('hands out copies, so callers cannot change stored values', async () => {
    const store = await CredentialStore.open();
    await store.apply({ updates: { a: { password: SECRET } } });
    const copy = store.get('a')!;
    copy['password'] = 'changed';
    expect(store.get('a')).toEqual({ password: SECRET });
  });
});
