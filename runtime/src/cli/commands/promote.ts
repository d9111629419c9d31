import { readFile } from 'node:fs/promises';
import type { PromoteResult } from '@millwright/model';
import { promote } from '../../snapshots/promote.js';
import { readTests } from '../../snapshots/snapshot-tests.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { RuntimeClient } from '../../remote/runtime-client.js';
import { snapshotSource, SOURCE_HELP, SOURCE_OPTION } from '../snapshot-source.js';

/** `millwright promote <snapshot> --to <url>`: deploys a snapshot to another runtime if its flow tests pass there. */
export const promoteCommand: Command = {
  name: 'promote',
  usage: `Usage: millwright promote <snapshot id> --to <runtime URL> [options]

Deploys a snapshot (read from --url or --data-dir) to the runtime at --to, only when
  1. the target has every credential key the snapshot's nodes use (only key names travel;
     values are per target: set them there, or give --credentials), and
  2. the snapshot's flow tests (*.tests.json it carries, or --tests) pass on the target, run
     with the target's node types and versions (POST /api/flow-tests).
Otherwise nothing is deployed and the refusal is printed: the missing keys, or each failing
case with expected and actual messages. Exits 0 when deployed, 1 when refused.

Options:
  --to <url>              the target runtime (required)
  --to-token <token>      token for the target (default: the --token value)
  --tests <dir|file>      flow tests to gate on instead of the snapshot's (repeatable)
  --credentials <file>    JSON { "<node id>": { "<key>": "<value>" } } deployed to the target
                          with the flows (never stored in a snapshot)
  --allow-untested        promote a snapshot that has no flow tests
  --message <text>        kept with the target's new snapshot
  --json                  print the result as JSON
${SOURCE_HELP}
  -h, --help              show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...SOURCE_OPTION,
      to: { type: 'string' },
      'to-token': { type: 'string' },
      tests: { type: 'string', multiple: true },
      credentials: { type: 'string' },
      'allow-untested': { type: 'boolean' },
      message: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [id, ...rest] = positionals;
    if (!id) throw new UsageError('give the id of the snapshot to promote');
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (!values.to) throw new UsageError('--to <runtime URL> is required');
    const source = await snapshotSource(values);
    const snapshot = await source.get(id);
    const target = RuntimeClient.from({
      url: values.to,
      token: values['to-token'] ?? values.token,
    });
    const credentials = values.credentials
      ? (JSON.parse(await readFile(values.credentials, 'utf8')) as Record<string, Record<string, string>>)
      : undefined;
    const tests = values.tests?.length ? await readTests(values.tests) : snapshot.tests;
    const result = await promote({
      snapshot,
      target,
      tests,
      credentials,
      allowUntested: values['allow-untested'] === true,
      message: `promoted ${snapshot.id} from ${source.label}${values.message ? `: ${values.message}` : ''}`,
    });
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else report(result, io.out);
    return result.promoted ? 0 : 1;
  },
};

function report(r: PromoteResult, out: (line: string) => void): void {
  // Promoted: the summary line is enough; refused: every case, failures with expected and actual.
  if (r.report) (r.promoted ? r.report.slice(-1) : r.report).forEach((l) => out(l));
  if (r.missingCredentials) for (const k of r.missingCredentials) out(`  missing on the target: credential ${k}`);
  out(
    r.promoted
      ? `promoted ${r.snapshot} to ${r.target}: revision ${r.revision ?? ''}`
      : `refused: ${r.reason ?? ''}; nothing was deployed to ${r.target}`,
  );
}
