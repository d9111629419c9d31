import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { DEFAULT_OUTBOUND_POLICY, runFlow, type Confinement, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import catchNode from '../catch/index.js';
import exec from './index.js';

let h: FlowHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const confinement = (execSettings: Confinement['exec'] | 'unset'): Confinement => ({
  fileRoots: ['/tmp'],
  outbound: DEFAULT_OUTBOUND_POLICY,
  ...(execSettings !== 'unset' ? { exec: execSettings } : {}),
});
const ALLOW = ['/bin/echo', '/bin/sh', '/bin/sleep'];
const start = async (
  config: Record<string, unknown>,
  execSettings: Confinement['exec'] | 'unset' = { enabled: true, allow: ALLOW },
) => {
  const flow: Flow = {
    version: 1,
    id: 'f',
    name: 'f',
    nodes: [
      { id: 'x', type: 'exec', typeVersion: 1, config, position: { x: 0, y: 0 } },
      { id: 'c', type: 'catch', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
    ],
    wires: [],
  };
  h = await runFlow(flow, [exec, catchNode], { confinement: confinement(execSettings) });
  return h;
};

describe('exec', () => {
  it('runs /bin/echo without a shell: args as they are, the payload as one more argument', async () => {
    const h = await start({ command: '/bin/echo', args: ['a  b', '$HOME;', '*'], appendPayload: true });
    h.send('x', { payload: 'x y', topic: 't' });
    const [out] = await h.waitForOutputs('x', 1, { port: 0 });
    expect(out).toMatchObject({ payload: 'a  b $HOME; * x y\n', topic: 't', rc: { code: 0 } });
    const [rc] = await h.waitForOutputs('x', 1, { port: 2 });
    expect(rc?.payload).toEqual({ code: 0 });
    expect(h.outputs('x', 1)).toEqual([]); // nothing on stderr
  });

  it('sends stderr and a non-zero return code; the environment holds only the safe list', async () => {
    process.env['MW_EXEC_SECRET'] = 'hunter2';
    try {
      const h = await start({ command: '/bin/sh', args: ['-c', 'env; echo oops >&2; exit 3'] });
      h.send('x', { payload: null });
      const [err] = await h.waitForOutputs('x', 1, { port: 1 });
      const [out] = h.outputs('x', 0);
      expect(err).toMatchObject({ payload: 'oops\n', rc: { code: 3 } });
      const names = String(out?.payload)
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('=')[0]);
      expect(names).not.toContain('MW_EXEC_SECRET');
      expect(names.every((n) => ['PATH', 'LANG', 'LC_ALL', 'TZ', 'PWD', 'SHLVL', '_'].includes(n ?? ''))).toBe(true);
    } finally {
      delete process.env['MW_EXEC_SECRET'];
    }
  });

  it('kills the command and what it started after timeoutMs, with exec_timeout', async () => {
    // sh starts sleep 10 as a child and writes its pid: the whole process group must go, not only sh.
    const pidFile = join(tmpdir(), `mw-exec-${process.pid}-${Date.now()}.pid`);
    const h = await start({
      command: '/bin/sh',
      args: ['-c', `sleep 10 & echo $! > ${pidFile}; wait`],
      timeoutMs: 300,
    });
    const t0 = Date.now();
    h.send('x', { payload: 1 });
    const [caught] = await h.waitForOutputs('c', 1);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(caught?.error).toMatchObject({ code: 'exec_timeout', nodeId: 'x' });
    const sleepPid = Number(readFileSync(pidFile, 'utf8'));
    rmSync(pidFile);
    expect(sleepPid).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50)); // SIGKILL is delivered asynchronously
    // Gone, or a zombie waiting for whoever adopted it (state Z), never still sleeping.
    const state = existsSync(`/proc/${sleepPid}/stat`)
      ? readFileSync(`/proc/${sleepPid}/stat`, 'utf8').split(') ')[1]?.[0]
      : 'gone';
    expect(['gone', 'Z']).toContain(state);
  });

  it('refuses output beyond maxOutputBytes', async () => {
    const h = await start({ command: '/bin/sh', args: ['-c', 'yes | head -c 100000'], maxOutputBytes: 1000 });
    h.send('x', { payload: 1 });
    const [caught] = await h.waitForOutputs('c', 1);
    expect(caught?.error).toMatchObject({ code: 'exec_output_too_large' });
  });

  it('does not start when settings leave exec off, nor for a command outside the allow-list', async () => {
    const off = await start({ command: '/bin/echo' }, 'unset');
    expect(off.engine.faults()).toMatchObject([{ nodeId: 'x', code: 'exec_disabled' }]);
    off.send('x', { payload: 1 });
    await off.idle();
    expect(off.outputs('x')).toEqual([]);
    await off.stop();
    const other = await start({ command: '/usr/bin/id' });
    expect(other.engine.faults()).toMatchObject([{ nodeId: 'x', code: 'exec_not_allowed' }]);
    expect(exec.config.safeParse({ command: 'echo' }).error?.issues[0]?.path).toEqual(['command']);
  });
});
