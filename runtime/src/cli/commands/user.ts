import { join } from 'node:path';
import { AuditLog } from '../../audit/audit-log.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/password-hash.js';
import { isRole, ROLES } from '../../auth/permissions.js';
import { UserStore } from '../../auth/user-store.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { readSecret } from '../read-secret.js';
import { DEFAULT_DATA_DIR } from './start.js';

/** `millwright user add|list|remove|passwd|role`: manage admin API users in a data directory. */
export const userCommand: Command = {
  name: 'user',
  usage: `Usage: millwright user <action> [options]

Actions:
  add <name> --role <role>   add a user (roles: ${ROLES.join(', ')})
  list                       list users and roles
  remove <name>              remove a user
  passwd <name>              set a new password
  role <name> <role>         change a user's role

Passwords are read from the variable named by --password-env, else typed (hidden, twice) at a
terminal, else from the first line of stdin. They need ${MIN_PASSWORD_LENGTH}+ characters. The last admin cannot be
removed or demoted. Edits <data-dir>/users.json directly: run this while the runtime is stopped
(for example to create the first admin), and use the admin API (/api/users) while it runs.
Changes are written to the audit log with actor "cli".

Options:
  --data-dir <dir>       runtime data directory (default ${DEFAULT_DATA_DIR})
  --role <role>          role of a new user
  --password-env <VAR>   read the password from this environment variable
  -h, --help             show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      'data-dir': { type: 'string' },
      role: { type: 'string' },
      'password-env': { type: 'string' },
    });
    const [action, name, extra, ...rest] = positionals;
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR;
    const users = await UserStore.open(dataDir);
    const needName = (): string => {
      if (!name) throw new UsageError(`"${action}" needs a user name`);
      return name;
    };
    const role = (value: string | undefined) => {
      if (!isRole(value)) throw new UsageError(`give a role: ${ROLES.join(', ')}`);
      return value;
    };
    const password = () => readSecret({ envVar: values['password-env'], prompt: 'password' });
    const audit = async (record: Parameters<AuditLog['record']>[0]) => {
      const log = await AuditLog.open(dataDir, (err) =>
        io.err(`could not write ${join(dataDir, 'audit.log')}: ${String(err)}`),
      );
      await log.record(record);
      await log.close();
    };
    switch (action) {
      case 'list':
        for (const u of users.list()) io.out(`${u.username}\t${u.role}`);
        if (!users.count) io.err('no users: the runtime is open on loopback only (see "millwright user add")');
        return 0;
      case 'add': {
        const user = await users.add({ username: needName(), role: role(values.role), password: await password() });
        await audit({ action: 'user-add', actor: 'cli', details: { username: user.username, role: user.role } });
        io.out(`added ${user.username} (${user.role})`);
        return 0;
      }
      case 'remove': {
        const user = await users.remove(needName());
        await audit({ action: 'user-remove', actor: 'cli', details: { username: user.username } });
        io.out(`removed ${user.username}`);
        return 0;
      }
      case 'passwd': {
        const user = await users.update(needName(), { password: await password() });
        await audit({
          action: 'user-update',
          actor: 'cli',
          details: { username: user.username, passwordChanged: true },
        });
        io.out(`changed the password of ${user.username}`);
        return 0;
      }
      case 'role': {
        const user = await users.update(needName(), { role: role(extra) });
        await audit({ action: 'user-update', actor: 'cli', details: { username: user.username, role: user.role } });
        io.out(`${user.username} is now ${user.role}`);
        return 0;
      }
      default:
        throw new UsageError(action ? `unknown action "${action}"` : 'give an action: add, list, remove, passwd, role');
    }
  },
};
