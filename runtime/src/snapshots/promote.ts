import type { CredentialsInfo, DeployResponse, PromoteResult, Snapshot } from '@millwright/model';
import { textReport, textSummary } from '../flow-test/reporters.js';
import type { TestRun } from '../flow-test/run-tests.js';
import type { RuntimeClient } from '../remote/runtime-client.js';

/**
 * Promotes `snapshot` to the runtime `target` behind two gates, deploying nothing when either
 * refuses: every credential key the snapshot's nodes use is set on the target (or in
 * `credentials`), and its flow tests pass there (`POST /api/flow-tests`; none: refused unless
 * `allowUntested`). Then deploys it there (mode `flows`) with `message`, tests and `credentials`.
 */
export async function promote(args: {
  snapshot: Snapshot;
  target: RuntimeClient;
  tests: Record<string, unknown>;
  credentials?: Record<string, Record<string, string>> | undefined;
  allowUntested: boolean;
  message: string;
}): Promise<PromoteResult> {
  const { snapshot, target, tests, credentials } = args;
  const base = { promoted: false, snapshot: snapshot.id, target: target.url };
  const missingCredentials: string[] = [];
  for (const [nodeId, keys] of Object.entries(snapshot.credentialKeys)) {
    const info = await target.call<CredentialsInfo>('GET', `/api/credentials/${encodeURIComponent(nodeId)}`);
    for (const key of keys)
      if (!info.has[key] && credentials?.[nodeId]?.[key] === undefined) missingCredentials.push(`${nodeId}.${key}`);
  }
  if (missingCredentials.length)
    return { ...base, missingCredentials, reason: 'the target lacks credential keys the flows use' };
  if (!Object.keys(tests).length && !args.allowUntested)
    return { ...base, reason: 'the snapshot carries no flow tests (give --tests, or --allow-untested)' };
  const run = Object.keys(tests).length
    ? await target.call<TestRun>('POST', '/api/flow-tests', { flows: snapshot.flows, tests })
    : undefined;
  const tested = run ? { tests: run, report: [...run.files.flatMap((f) => textReport(f)), textSummary(run)] } : {};
  if (run?.failed) return { ...base, ...tested, reason: `${run.failed} flow test(s) failed on the target` };
  const deployed = await target.call<DeployResponse>('POST', '/api/flows', {
    flows: snapshot.flows,
    mode: 'flows',
    message: args.message,
    tests,
    ...(credentials ? { credentials } : {}),
  });
  return { ...base, ...tested, promoted: true, revision: deployed.revision };
}
