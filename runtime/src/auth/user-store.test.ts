import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@millwright/model';
import { UserStore } from './user-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-users-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('UserStore', () => {
  it('stores users with hashed passwords in users.json (mode 0600) and reads them back', async () => {
    const users = await UserStore.open(dir);
    await users.add({ username: 'Alice', password: 'alice-password', role: 'admin' });
    await users.add({ username: 'bob', password: 'bob-password', role: 'viewer' });
    const text = await readFile(join(dir, 'users.json'), 'utf8');
    expect(text).not.toContain('alice-password');
    expect(text).toContain('scrypt$');
    if (process.platform !== 'win32') expect((await stat(join(dir, 'users.json'))).mode & 0o777).toBe(0o600);

    const again = await UserStore.open(dir);
    expect(again.list().map((u) => [u.username, u.role])).toEqual([
      ['alice', 'admin'],
      ['bob', 'viewer'],
    ]);
    expect(await again.verify('ALICE', 'alice-password')).toMatchObject({ username: 'alice', role: 'admin' });
    expect(await again.verify('alice', 'bob-password')).toBeUndefined();
    expect(await again.verify('nobody', 'alice-password')).toBeUndefined();
  });

  it('refuses bad names, roles, short passwords and duplicates, changing nothing', async () => {
    const users = await UserStore.open(dir);
    await users.add({ username: 'alice', password: 'alice-password', role: 'admin' });
    const before = await readFile(join(dir, 'users.json'), 'utf8');
    await expect(users.add({ username: 'ALICE', password: 'another-password', role: 'viewer' })).rejects.toMatchObject({
      code: 'user_exists',
    });
    await expect(users.add({ username: 'has space', password: 'long-enough', role: 'viewer' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(users.add({ username: 'carol', password: 'short', role: 'viewer' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(users.add({ username: 'carol', password: 'long-enough', role: 'root' as Role })).rejects.toMatchObject(
      { code: 'invalid_request' },
    );
    expect(await readFile(join(dir, 'users.json'), 'utf8')).toBe(before);
    expect(users.count).toBe(1);
  });

  it('changes role and password', async () => {
    const users = await UserStore.open(dir);
    await users.add({ username: 'alice', password: 'alice-password', role: 'admin' });
    await users.add({ username: 'bob', password: 'bob-password', role: 'viewer' });
    expect(await users.update('bob', { role: 'editor', password: 'new-bob-password' })).toMatchObject({
      role: 'editor',
    });
    expect(await users.verify('bob', 'bob-password')).toBeUndefined();
    expect(await users.verify('bob', 'new-bob-password')).toMatchObject({ role: 'editor' });
    await expect(users.update('nobody', { role: 'viewer' })).rejects.toMatchObject({ code: 'user_not_found' });
  });

  it('never removes or demotes the last admin', async () => {
    const users = await UserStore.open(dir);
    await users.add({ username: 'alice', password: 'alice-password', role: 'admin' });
    await users.add({ username: 'bob', password: 'bob-password', role: 'viewer' });
    await expect(users.remove('alice')).rejects.toMatchObject({ code: 'last_admin' });
    await expect(users.update('alice', { role: 'editor' })).rejects.toMatchObject({ code: 'last_admin' });
    await users.update('bob', { role: 'admin' });
    await users.remove('alice');
    expect(users.list().map((u) => u.username)).toEqual(['bob']);
  });

  it('keeps users in memory without a data dir', async () => {
    const users = await UserStore.open();
    await users.add({ username: 'alice', password: 'alice-password', role: 'operator' });
    expect(users.file).toBeUndefined();
    expect(users.get('alice')?.role).toBe('operator');
  });
});
