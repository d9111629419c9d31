import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, type Role, type UserInfo } from '@millwright/model';
import { z } from 'zod';
import { readJsonFile, writeSecretFile } from '../storage/durable-file.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyAgainstDummy, verifyPassword } from './password-hash.js';
import { ROLES } from './permissions.js';

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

const storedUser = z.object({
  username: z.string().regex(USERNAME),
  role: z.enum(ROLES),
  passwordHash: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
type StoredUser = z.infer<typeof storedUser>;

const usersFile = z.object({ version: z.literal(1), users: z.array(storedUser) });

/**
 * Users of the admin API in `<dataDir>/users.json` (in memory without a data dir): user name,
 * role and scrypt password hash. Names are case-insensitive (stored lower-case). Each write
 * replaces the file atomically with mode 0600. One owner per file: the running runtime, or the
 * `millwright user` command while the runtime is stopped.
 *
 * Errors (`UserError`): `invalid_request` (bad name, role or short password), `user_exists`,
 * `user_not_found`, `last_admin` (the change would leave no admin).
 */
export class UserStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private users: StoredUser[],
    /** users.json, or undefined in memory. */
    readonly file: string | undefined,
  ) {}

  static async open(dataDir?: string): Promise<UserStore> {
    if (dataDir === undefined) return new UserStore([], undefined);
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, 'users.json');
    const raw = await readJsonFile(file);
    if (raw === undefined) return new UserStore([], file);
    const parsed = usersFile.safeParse(raw);
    if (!parsed.success) throw new Error(`${file} is not a users file: ${parsed.error.issues[0]?.message ?? ''}`);
    return new UserStore(parsed.data.users, file);
  }

  get count(): number {
    return this.users.length;
  }

  list(): UserInfo[] {
    return this.users.map(info);
  }

  get(username: string): UserInfo | undefined {
    const u = this.find(username);
    return u && info(u);
  }

  /**
   * The user when `password` matches, else undefined. Unknown names cost the same time as
   * wrong passwords, so timing does not reveal which names exist.
   */
  async verify(username: string, password: string): Promise<UserInfo | undefined> {
    const u = this.find(username);
    if (!u) return verifyAgainstDummy(password).then(() => undefined);
    return (await verifyPassword(password, u.passwordHash)) ? info(u) : undefined;
  }

  add(args: { username: string; password: string; role: Role }): Promise<UserInfo> {
    return this.change(async () => {
      const username = checkUsername(args.username);
      checkRole(args.role);
      checkPassword(args.password);
      if (this.find(username)) throw new UserError('user_exists', `user "${username}" already exists`);
      const now = new Date().toISOString();
      const user: StoredUser = {
        username,
        role: args.role,
        passwordHash: await hashPassword(args.password),
        createdAt: now,
        updatedAt: now,
      };
      return { next: [...this.users, user], result: info(user) };
    });
  }

  /** Changes role and/or password. */
  update(username: string, changes: { role?: Role | undefined; password?: string | undefined }): Promise<UserInfo> {
    return this.change(async () => {
      const current = this.require(username);
      if (changes.role !== undefined) checkRole(changes.role);
      if (changes.password !== undefined) checkPassword(changes.password);
      const updated: StoredUser = {
        ...current,
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.password !== undefined ? { passwordHash: await hashPassword(changes.password) } : {}),
        updatedAt: new Date().toISOString(),
      };
      const next = this.users.map((u) => (u === current ? updated : u));
      keepAnAdmin(this.users, next);
      return { next, result: info(updated) };
    });
  }

  remove(username: string): Promise<UserInfo> {
    return this.change(async () => {
      const current = this.require(username);
      const next = this.users.filter((u) => u !== current);
      keepAnAdmin(this.users, next);
      return { next, result: info(current) };
    });
  }

  private find(username: string): StoredUser | undefined {
    const name = username.toLowerCase();
    return this.users.find((u) => u.username === name);
  }

  private require(username: string): StoredUser {
    const u = this.find(username);
    if (!u) throw new UserError('user_not_found', `no user "${username}"`);
    return u;
  }

  /** Runs one change at a time; the file is written before the change becomes visible. */
  private change<T>(compute: () => Promise<{ next: StoredUser[]; result: T }>): Promise<T> {
    const run = this.queue.then(async () => {
      const { next, result } = await compute();
      if (this.file) await writeSecretFile(this.file, `${JSON.stringify({ version: 1, users: next }, null, 2)}\n`);
      this.users = next;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function info(u: StoredUser): UserInfo {
  return { username: u.username, role: u.role, createdAt: u.createdAt, updatedAt: u.updatedAt };
}

function checkUsername(name: string): string {
  const lower = typeof name === 'string' ? name.toLowerCase() : '';
  if (!USERNAME.test(lower))
    throw new UserError(
      'invalid_request',
      'a user name is 1-64 characters: letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
    );
  return lower;
}

function checkRole(role: unknown): void {
  if (!ROLES.some((r) => r === role)) throw new UserError('invalid_request', `role must be one of ${ROLES.join(', ')}`);
}

function checkPassword(password: unknown): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH)
    throw new UserError('invalid_request', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
}

/** Refuses a change that removes the last admin while users remain (nobody could manage users). */
function keepAnAdmin(before: StoredUser[], after: StoredUser[]): void {
  const admins = (list: StoredUser[]) => list.filter((u) => u.role === 'admin').length;
  if (admins(before) > 0 && admins(after) === 0)
    throw new UserError('last_admin', 'this would leave no admin user; make another user admin first');
}
