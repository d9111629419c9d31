/**
 * The simulated PLC in a process of its own, for tests that freeze it (SIGSTOP) and resume it
 * (SIGCONT) like a hung PLC whose sockets stay open. Started by `startPlcProcess` in
 * plc-process.ts; talks over the IPC channel: it sends `{ type: 'ready', endpointUrl, port }`, then
 * answers `{ type: 'query', id }` with `{ type: 'answer', id, writeCount, snapshot }`, applying
 * `patch` (SimPlc.setState) first when the query has one.
 * @internal
 */
import { startSimPlc, type SimPlcStatePatch } from '@millwright/sim-plc';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startSimPlc>[0];
const plc = await startSimPlc(options);
process.on('message', (m: { type?: string; id?: number; patch?: SimPlcStatePatch }) => {
  if (m.type === 'query' && m.patch) plc.setState(m.patch);
  if (m.type === 'query')
    process.send?.({ type: 'answer', id: m.id, writeCount: plc.writeCount(), snapshot: plc.snapshot() });
  if (m.type === 'stop') void plc.stop().then(() => process.exit(0));
});
// The test runner gone (its IPC channel closed): do not linger.
process.on('disconnect', () => void plc.stop().then(() => process.exit(0)));
process.send?.({ type: 'ready', endpointUrl: plc.endpointUrl, port: plc.port });
