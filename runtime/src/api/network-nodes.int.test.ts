import { connect } from 'node:net';
import type { DeployResponse, Flow } from '@millwright/model';
import { freePort } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NODE_MODULES } from '../registry/load-node-modules.js';
import { startTestRuntime, testFlow, type TestRuntime } from '../testing/test-runtime.js';

// The network nodes in a flow worker thread (the production setup): a listening port moves with redeploys.
let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** tcp-in (lines) -> function (tags the line) -> tcp-out reply. */
const echo = (port: number, tag: string): Flow =>
  testFlow(
    'echo',
    [
      ['in', 'tcp-in', { port, delimiter: '\\n', format: 'utf8' }],
      ['fn', 'function', { code: `msg.payload = '${tag}:' + msg.payload + '\\n'; return msg;` }],
      ['out', 'tcp-out', { mode: 'reply' }],
    ],
    [
      ['in', 'fn'],
      ['fn', 'out'],
    ],
  );

/** Sends one line and resolves with the first line that comes back. */
function ask(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(`${line}\n`));
    let data = '';
    s.on('data', (d: Buffer) => {
      data += d.toString();
      if (data.includes('\n')) {
        s.destroy();
        resolve(data.trim());
      }
    });
    s.on('error', reject);
  });
}

describe('network nodes in worker threads', () => {
  it('a tcp echo flow answers, and answers again on the same port after full and flows redeploys', async () => {
    t = await startTestRuntime({ nodeModules: DEFAULT_NODE_MODULES, isolation: 'worker' });
    const port = await freePort();
    const deploy = async (flow: Flow, mode: string) =>
      ((await t!.api('POST', '/api/flows', { flows: [flow], mode })).body as DeployResponse).changes;
    expect(await deploy(echo(port, 'a'), 'full')).toMatchObject({ started: ['echo'] });
    expect(await ask(port, 'x')).toBe('a:x');
    await deploy(echo(port, 'b'), 'full');
    expect(await ask(port, 'y')).toBe('b:y');
    await deploy(echo(port, 'c'), 'flows');
    expect(await ask(port, 'z')).toBe('c:z');
  });
});
