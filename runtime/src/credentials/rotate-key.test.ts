import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyText } from './credential-key.js';
import { CredentialStore } from './credential-store.js';
import { rotateCredentialKey } from './rotate-key.js';

const SECRETS = { plc1: { password: 'plc-secret-1' }, broker: { password: 'mqtt-secret', keyPassphrase: 'tls-pass' } };
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-rotate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const b64 = () => randomBytes(32).toString('base64');
const fileText = () => readFile(join(dir, 'credentials.json'), 'utf8');

async function seed(env: NodeJS.ProcessEnv): Promise<void> {
  const store = await CredentialStore.open({ dataDir: dir, env });
  await store.apply({ updates: SECRETS });
}

describe('rotateCredentialKey', () => {
  it('re-encrypts every entry under the new key; the old key no longer opens the file', async () => {
    const oldKey = b64();
    const newKey = b64();
    await seed({ MILLWRIGHT_CREDENTIAL_KEY: oldKey });
    const before = JSON.parse(await fileText());

    const result = await rotateCredentialKey({
      dataDir: dir,
      env: { MILLWRIGHT_CREDENTIAL_KEY: oldKey },
      newKey: parseKeyText(newKey, 'test'),
    });
    expect(result).toMatchObject({ entries: 2, oldKeyId: before.keyId });
    expect(result.newKeyId).not.toBe(before.keyId);

    const after = JSON.parse(await fileText());
    expect(after.keyId).toBe(result.newKeyId);
    expect(after.entries.plc1.data).not.toBe(before.entries.plc1.data);
    for (const v of ['plc-secret-1', 'mqtt-secret', 'tls-pass']) expect(JSON.stringify(after)).not.toContain(v);
    const reopened = await CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: newKey } });
    expect(Object.fromEntries(reopened.entries())).toEqual(SECRETS);
    await expect(
      CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: oldKey } }),
    ).rejects.toMatchObject({ code: 'credentials_wrong_key' });
  });

  it('changes nothing when the current key is wrong', async () => {
    await seed({ MILLWRIGHT_CREDENTIAL_KEY: b64() });
    const before = await fileText();
    await expect(
      rotateCredentialKey({
        dataDir: dir,
        env: { MILLWRIGHT_CREDENTIAL_KEY: b64() },
        newKey: parseKeyText(b64(), 'test'),
      }),
    ).rejects.toMatchObject({ code: 'credentials_wrong_key' });
    expect(await fileText()).toBe(before);
  });

  it('refuses to "rotate" to the same key', async () => {
    const key = b64();
    await seed({ MILLWRIGHT_CREDENTIAL_KEY: key });
    await expect(
      rotateCredentialKey({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: key }, newKey: parseKeyText(key, 'x') }),
    ).rejects.toMatchObject({ code: 'same_key' });
  });

  it('rotates to a passphrase, with a fresh salt', async () => {
    const oldKey = b64();
    await seed({ MILLWRIGHT_CREDENTIAL_KEY: oldKey });
    const passphrase = 'the new plant passphrase 2025';
    await rotateCredentialKey({
      dataDir: dir,
      env: { MILLWRIGHT_CREDENTIAL_KEY: oldKey },
      newKey: parseKeyText(passphrase, 'test'),
    });
    expect(JSON.parse(await fileText()).kdf).toMatchObject({ name: 'scrypt' });
    const reopened = await CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: passphrase } });
    expect(reopened.get('plc1')).toEqual(SECRETS.plc1);
  });

  it('replaces the default key file when no new key is given', async () => {
    await seed({});
    const oldKeyText = await readFile(join(dir, 'credential.key'), 'utf8');
    const result = await rotateCredentialKey({ dataDir: dir, env: {} });
    expect(result.keyFile).toBe(join(dir, 'credential.key'));
    const newKeyText = await readFile(join(dir, 'credential.key'), 'utf8');
    expect(newKeyText).not.toBe(oldKeyText);
    if (process.platform !== 'win32') expect((await stat(join(dir, 'credential.key'))).mode & 0o777).toBe(0o600);
    await expect(stat(join(dir, 'credential.key.next'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await CredentialStore.open({ dataDir: dir, env: {} })).get('broker')).toEqual(SECRETS.broker);
    await expect(
      CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: oldKeyText.trim() } }),
    ).rejects.toMatchObject({ code: 'credentials_wrong_key' });
  });

  it('needs an explicit new key when the current one comes from the environment', async () => {
    const key = b64();
    await seed({ MILLWRIGHT_CREDENTIAL_KEY: key });
    await expect(rotateCredentialKey({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: key } })).rejects.toMatchObject({
      code: 'new_key_required',
    });
  });

  it('finishes a rotation interrupted after credentials.json was written', async () => {
    await seed({});
    // Simulate the crash: rotate to a key held in credential.key.next, then "crash" before the rename.
    const next = b64();
    await writeFile(join(dir, 'credential.key.next'), next, { mode: 0o600 });
    await rotateCredentialKey({
      dataDir: dir,
      env: { MILLWRIGHT_CREDENTIAL_KEY: (await readFile(join(dir, 'credential.key'), 'utf8')).trim() },
      newKey: parseKeyText(next, 'test'),
    });
    const store = await CredentialStore.open({ dataDir: dir, env: {} });
    expect(store.get('plc1')).toEqual(SECRETS.plc1);
    expect(store.warnings.join()).toContain('interrupted key rotation');
    expect((await readFile(join(dir, 'credential.key'), 'utf8')).trim()).toBe(next);
  });

  it('says there is nothing to rotate without a credentials file', async () => {
    await expect(rotateCredentialKey({ dataDir: dir, env: {} })).rejects.toMatchObject({ code: 'credentials_missing' });
  });
});
