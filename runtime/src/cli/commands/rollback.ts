import type { RollbackResponse } from '@millwright/model';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { RuntimeClient, URL_HELP, URL_OPTION } from '../../remote/runtime-client.js';

/** `millwright rollback <snapshot>`: deploys a snapshot's flows on a running runtime. */
export const rollbackCommand: Command = {
  name: 'rollback',
  usage: `Usage: millwright rollback <snapshot id> [options]

Deploys the flows (and flow tests) of a snapshot on the runtime: a normal deploy, checked as
any other, that records a snapshot of its own ("rollback to <id>: <message>"). Only flows that
differ from the deployed ones restart. List the snapshots with "millwright snapshot list".

Options:
  --message <text>    why (kept with the new snapshot and in the audit log)
  --revision <rev>    refuse (409) unless the runtime still runs this revision
  --json              print the answer as JSON
${URL_HELP}
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...URL_OPTION,
      message: { type: 'string' },
      revision: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [id, ...rest] = positionals;
    if (!id) throw new UsageError('give the id of the snapshot to roll back to');
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const client = RuntimeClient.from(values);
    const result = await client.call<RollbackResponse>('POST', `/api/snapshots/${encodeURIComponent(id)}/rollback`, {
      ...(values.message ? { message: values.message } : {}),
      ...(values.revision ? { revision: values.revision } : {}),
    });
    io.out(
      values.json
        ? JSON.stringify(result, null, 2)
        : `rolled back ${client.url} to ${id}: revision ${result.revision} (snapshot ${result.snapshot.id})`,
    );
    return 0;
  },
};
