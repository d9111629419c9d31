import type { SnapshotMeta } from '@millwright/model';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { RuntimeClient } from '../../remote/runtime-client.js';
import { snapshotSource, SOURCE_HELP, SOURCE_OPTION } from '../snapshot-source.js';

/** `millwright snapshot list|show|create`: the deploy history of a runtime (docs/versions.md). */
export const snapshotCommand: Command = {
  name: 'snapshot',
  usage: `Usage: millwright snapshot <action> [options]

Actions:
  list            the snapshots, newest first: id, time, author, mode, flows, name and message
  show <id>       one snapshot: its facts, packages, credential key names and flows (--json: all of it)
  create <name>   name the deployed flows (kept until deleted; needs the flows:deploy permission)

Every deploy records a snapshot (docs/versions.md). Roll back with "millwright rollback <id>",
compare with "millwright diff snap:<a> snap:<b>".

Options:
  --message <text>    create: why
  --json              print JSON
${SOURCE_HELP}
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...SOURCE_OPTION,
      message: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [action, arg, ...rest] = positionals;
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (action === 'create') {
      if (!arg) throw new UsageError('give the snapshot a name');
      if (values['data-dir'] !== undefined) throw new UsageError('create asks a running runtime: use --url');
      const made = await RuntimeClient.from(values).call<SnapshotMeta>('POST', '/api/snapshots', {
        name: arg,
        ...(values.message ? { message: values.message } : {}),
      });
      io.out(values.json ? JSON.stringify(made, null, 2) : `created snapshot ${made.id} (revision ${made.revision})`);
      return 0;
    }
    const source = await snapshotSource(values);
    if (action === 'list') {
      if (arg) throw new UsageError(`unexpected argument "${arg}"`);
      const list = await source.list();
      if (values.json) io.out(JSON.stringify({ snapshots: list }, null, 2));
      else for (const s of list) io.out(line(s));
      return 0;
    }
    if (action === 'show') {
      if (!arg) throw new UsageError('give a snapshot id');
      const s = await source.get(arg);
      if (values.json) {
        io.out(JSON.stringify(s, null, 2));
        return 0;
      }
      io.out(line(s));
      io.out(`packages: ${s.packages.map((p) => `${p.name}@${p.version ?? '?'}`).join(', ') || '(none)'}`);
      const keys = Object.entries(s.credentialKeys).map(([id, k]) => `${id}: ${k.join(', ')}`);
      io.out(`credential keys: ${keys.join('; ') || '(none)'}`);
      io.out(`flow tests: ${Object.keys(s.tests).join(', ') || '(none)'}`);
      for (const f of s.flows) io.out(`  flow ${f.id} "${f.name}" (${f.nodes.length} nodes)`);
      return 0;
    }
    throw new UsageError(action ? `unknown action "${action}"` : 'give an action: list, show, create');
  },
};

/** `12-3f9a0b1c2d  2026-12-03T14:02:11Z  alice  full  3 flow(s)  "name"  message` */
function line(s: SnapshotMeta): string {
  return [
    s.id,
    s.time,
    s.author,
    s.mode,
    `${s.flowCount} flow(s)`,
    ...(s.name ? [JSON.stringify(s.name)] : []),
    ...(s.message ? [s.message] : []),
  ].join('  ');
}
