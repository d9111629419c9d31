import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionEvent, NodeStatus } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { freePort, startSimPlc } from '@millwright/sim-plc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { endpointNode, flowOf, startPlcFixture, until, type PlcFixture } from './test-fixtures.js';

let fx: PlcFixture;
let h: FlowHarness | undefined;
beforeAll(async () => {
  fx = await startPlcFixture({ users: [{ username: 'operator', password: 'line1-secret' }] });
});
afterAll(() => fx?.close());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const readFlow = (endpoint: Record<string, unknown>, url?: string) => {
  const cfg = endpointNode(fx, url ? { ...endpoint, endpointUrl: url } : endpoint);
  return flowOf(
    [{ id: 'read', type: 'opcua-read', config: { endpoint: 'plc', items: [{ nodeId: 'ns=1;s=Line1.WorkOrder' }] } }],
    [cfg],
  );
};
const badges = (h: FlowHarness) => h.statuses('read').map((s) => s.status as NodeStatus);

describe('opcua-endpoint', () => {
  it('logs in with user name and the password credential', async () => {
    h = await runFlow(readFlow({ authentication: 'username', username: 'operator' }), nodes, {
      credentials: { plc: { password: 'line1-secret' } },
    });
    h.send('read', {});
    const [msg] = await h.waitForOutputs('read', 1, { timeoutMs: 10_000 });
    expect(msg?.payload).toBe('WO-1000');
  });

  it('connects signed and encrypted (Basic256Sha256) when asked', async () => {
    h = await runFlow(readFlow({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' }), nodes);
    h.send('read', {});
    const [msg] = await h.waitForOutputs('read', 1, { timeoutMs: 15_000 });
    expect(msg?.payload).toBe('WO-1000');
  });

  it('refuses an unknown server certificate until it is moved to the trusted folder', async () => {
    const pki = join(fx.dir, 'strict-client');
    await cp(join(fx.dir, 'client'), pki, { recursive: true, filter: (src) => !src.endsWith('mutex') });
    await rm(join(pki, 'trusted'), { recursive: true, force: true });
    await rm(join(pki, 'rejected'), { recursive: true, force: true });
    h = await runFlow(
      readFlow({
        securityMode: 'SignAndEncrypt',
        securityPolicy: 'Basic256Sha256',
        trustUnknownServerCertificates: false,
        pkiFolder: pki,
        requestTimeoutMs: 300,
        startupWaitMs: 0, // fail the read below at the request timeout, not after the startup wait
      }),
      nodes,
    );
    const local = h;
    const rejected = join(pki, 'rejected');
    await until(
      () => existsSync(rejected) && readdirSync(rejected).some((f) => f.endsWith('.pem')),
      'a rejected certificate',
    );
    expect(badges(local).some((b) => b.fill === 'green')).toBe(false);
    local.send('read', {});
    await until(() => local.errors('read').length === 1, 'a failed read');
    // What an operator does after checking the thumbprint: move the certificate to trusted/certs.
    const file = readdirSync(rejected).find((f) => f.endsWith('.pem')) ?? '';
    await mkdir(join(pki, 'trusted', 'certs'), { recursive: true });
    await rename(join(rejected, file), join(pki, 'trusted', 'certs', file));
    await until(() => badges(local).at(-1)?.fill === 'green', 'connected after trusting', 15_000);
    local.send('read', {});
    const [msg] = await local.waitForOutputs('read', 1, { timeoutMs: 10_000 });
    expect(msg?.payload).toBe('WO-1000');
  });

  it('shows a refused login on the badge and fails reads with opcua_not_connected', async () => {
    h = await runFlow(readFlow({ authentication: 'username', username: 'operator', requestTimeoutMs: 300 }), nodes, {
      credentials: { plc: { password: 'wrong' } },
    });
    const local = h;
    await until(() => badges(local).some((b) => b.fill === 'red'), 'a red badge');
    expect(badges(local).find((b) => b.fill === 'red')?.text).toMatch(/BadUserAccessDenied|BadIdentityToken/);
    local.send('read', {});
    await until(() => local.errors('read').length === 1, 'an error');
    expect(local.errors('read')[0]?.error).toMatchObject({ code: 'opcua_not_connected', kind: 'operational' });
  });

  it('refuses username authentication without a password', async () => {
    h = await runFlow(readFlow({ authentication: 'username', username: 'operator' }), nodes);
    const local = h;
    await until(() => badges(local).some((b) => b.fill === 'red'), 'a red badge');
    expect(badges(local).find((b) => b.fill === 'red')?.text).toMatch(/needs a password/);
  });

  it('waits for a server that is not up yet and connects once it starts; a read sent meanwhile waits for it', async () => {
    const port = await freePort();
    h = await runFlow(readFlow({ requestTimeoutMs: 300 }, `opc.tcp://127.0.0.1:${port}`), nodes);
    const local = h;
    await until(() => badges(local).some((b) => b.fill === 'yellow' && /unreachable/.test(b.text ?? '')), 'connecting');
    // Before the first connection a read waits up to startupWaitMs (30 s), not the 300 ms request timeout.
    local.send('read', {});
    await new Promise((r) => setTimeout(r, 800));
    const late = await startSimPlc({ port, simulate: false, workOrder: 'WO-LATE', pkiFolder: `${fx.dir}/plc` });
    try {
      await until(() => badges(local).at(-1)?.fill === 'green', 'connected', 15_000);
      const [msg] = await local.waitForOutputs('read', 1, { timeoutMs: 10_000 });
      expect(msg?.payload).toBe('WO-LATE');
      expect(local.errors('read')).toEqual([]);
    } finally {
      await local.stop();
      await late.stop();
    }
  });

  it('reports its connection for the runtime health: connected, down while the server is away, closed at stop', async () => {
    const local = await startPlcFixture();
    try {
      const flow = flowOf(
        [
          {
            id: 'read',
            type: 'opcua-read',
            config: { endpoint: 'plc', items: [{ nodeId: 'ns=1;s=Line1.WorkOrder' }] },
          },
        ],
        [endpointNode(local)],
      );
      const run = await runFlow(flow, nodes);
      h = run;
      const reports = () =>
        run.events.filter((e): e is ConnectionEvent => e.type === 'connection' && e.nodeId === 'plc');
      await until(() => reports().at(-1)?.state === 'connected', 'connected', 15_000);
      expect(reports()[0]).toMatchObject({
        nodeType: 'opcua-endpoint',
        target: local.plc.endpointUrl,
        required: true,
        state: 'disconnected', // connecting: down until the first session
      });
      const back = local.restart(1_000);
      await until(() => reports().at(-1)?.state === 'disconnected', 'disconnected', 15_000);
      await back;
      await until(() => reports().at(-1)?.state === 'connected', 'connected again', 20_000);
      await run.stop();
      h = undefined;
      expect(reports().at(-1)?.state).toBe('closed');
    } finally {
      await local.close();
    }
  });

  it('fails nodes whose endpoint config node is missing', async () => {
    h = await runFlow(flowOf([{ id: 'read', type: 'opcua-read', config: { endpoint: 'nowhere' } }], []), nodes);
    expect(h.errors('read')[0]?.error).toMatchObject({ code: 'opcua_endpoint_missing' });
  });
});
