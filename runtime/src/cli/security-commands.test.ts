import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserStore } from '../auth/user-store.js';
import { CredentialStore } from '../credentials/credential-store.js';
import { main } from './main.js';

let dir: string;
let out: string[];
let err: string[];
const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
const ENV_KEYS = ['MW_TEST_PW', 'MW_TEST_NEW_KEY', 'MILLWRIGHT_CREDENTIAL_KEY', 'MILLWRIGHT_CREDENTIAL_KEY_FILE'];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-cli-sec-'));
  out = [];
  err = [];
});
afterEach(async () => {
  for (const k of ENV_KEYS) delete process.env[k];
  await rm(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => main([...args, '--data-dir', dir], io);
const auditActions = async () =>
  (await readFile(join(dir, 'audit.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).action);

describe('millwright user', () => {
  it('adds, lists, changes and removes users, auditing each change', async () => {
    process.env['MW_TEST_PW'] = 'first-admin-password';
    expect(await run('user', 'add', 'Ada', '--role', 'admin', '--password-env', 'MW_TEST_PW')).toBe(0);
    expect(await run('user', 'add', 'bob', '--role', 'viewer', '--password-env', 'MW_TEST_PW')).toBe(0);
    expect(await run('user', 'role', 'bob', 'editor')).toBe(0);
    process.env['MW_TEST_PW'] = 'bobs-new-password';
    expect(await run('user', 'passwd', 'bob', '--password-env', 'MW_TEST_PW')).toBe(0);
    out = [];
    expect(await run('user', 'list')).toBe(0);
    expect(out).toEqual(['ada\tadmin', 'bob\teditor']);

    const users = await UserStore.open(dir);
    expect(await users.verify('bob', 'bobs-new-password')).toBeDefined();
    expect(await run('user', 'remove', 'bob')).toBe(0);
    expect((await UserStore.open(dir)).list().map((u) => u.username)).toEqual(['ada']);
    expect(await auditActions()).toEqual(['user-add', 'user-add', 'user-update', 'user-update', 'user-remove']);
    expect(await readFile(join(dir, 'audit.log'), 'utf8')).not.toContain('password"');
  });

  it('reads the password from the first line of piped stdin (real CLI process)', async () => {
    const bin = fileURLToPath(new URL('../../bin/millwright.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'user', 'add', 'ada', '--role', 'admin', '--data-dir', dir], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stdin.end('piped-admin-password\nignored second line\n');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('added ada (admin)');
    expect(await (await UserStore.open(dir)).verify('ada', 'piped-admin-password')).toMatchObject({ role: 'admin' });
  });

  it('fails clearly and changes nothing on bad input', async () => {
    process.env['MW_TEST_PW'] = 'first-admin-password';
    expect(await run('user', 'add', 'ada', '--role', 'root', '--password-env', 'MW_TEST_PW')).toBe(2);
    expect(await run('user', 'add', 'ada', '--role', 'admin', '--password-env', 'MW_UNSET_VAR')).toBe(2);
    expect(err.join('\n')).toContain('MW_UNSET_VAR is not set');
    process.env['MW_TEST_PW'] = 'short';
    expect(await run('user', 'add', 'ada', '--role', 'admin', '--password-env', 'MW_TEST_PW')).toBe(1);
    expect((await UserStore.open(dir)).count).toBe(0);
    process.env['MW_TEST_PW'] = 'first-admin-password';
    await run('user', 'add', 'ada', '--role', 'admin', '--password-env', 'MW_TEST_PW');
    err = [];
    expect(await run('user', 'remove', 'ada')).toBe(1);
    expect(err.join()).toContain('[last_admin]');
    expect(await run('user', 'frobnicate')).toBe(2);
  });
});

describe('millwright credentials', () => {
  async function seed(key: string): Promise<void> {
    const store = await CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: key } });
    await store.apply({ updates: { plc1: { password: 'plc-secret' }, broker: { password: 'mqtt-secret' } } });
  }

  it('lists node ids and key names, never values', async () => {
    const key = randomBytes(32).toString('base64');
    await seed(key);
    process.env['MILLWRIGHT_CREDENTIAL_KEY'] = key;
    expect(await run('credentials', 'list')).toBe(0);
    expect(out).toEqual(['broker\tpassword', 'plc1\tpassword']);
  });

  it('rotate-key re-encrypts under the key from --new-key-env and audits it', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    await seed(oldKey);
    process.env['MILLWRIGHT_CREDENTIAL_KEY'] = oldKey;
    process.env['MW_TEST_NEW_KEY'] = newKey;
    expect(await run('credentials', 'rotate-key', '--new-key-env', 'MW_TEST_NEW_KEY')).toBe(0);
    expect(out.join()).toMatch(/re-encrypted 2 credential entries/);
    const reopened = await CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY: newKey } });
    expect(reopened.get('plc1')).toEqual({ password: 'plc-secret' });
    expect(await auditActions()).toEqual(['key-rotate']);
  });

  it('rotate-key --new-key-file creates the key file when missing', async () => {
    const oldKey = randomBytes(32).toString('base64');
    await seed(oldKey);
    process.env['MILLWRIGHT_CREDENTIAL_KEY'] = oldKey;
    const keyFile = join(dir, 'elsewhere.key');
    expect(await run('credentials', 'rotate-key', '--new-key-file', keyFile)).toBe(0);
    expect(err.join()).toContain(`MILLWRIGHT_CREDENTIAL_KEY_FILE=${keyFile}`);
    const reopened = await CredentialStore.open({ dataDir: dir, env: { MILLWRIGHT_CREDENTIAL_KEY_FILE: keyFile } });
    expect(reopened.get('broker')).toEqual({ password: 'mqtt-secret' });
  });

  it('rotate-key with a wrong current key fails clearly and changes nothing', async () => {
    await seed(randomBytes(32).toString('base64'));
    const before = await readFile(join(dir, 'credentials.json'), 'utf8');
    process.env['MILLWRIGHT_CREDENTIAL_KEY'] = randomBytes(32).toString('base64');
    process.env['MW_TEST_NEW_KEY'] = randomBytes(32).toString('base64');
    expect(await run('credentials', 'rotate-key', '--new-key-env', 'MW_TEST_NEW_KEY')).toBe(1);
    expect(err.join()).toContain('[credentials_wrong_key]');
    expect(await readFile(join(dir, 'credentials.json'), 'utf8')).toBe(before);
  });
});
