import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from './embedded-broker.js';

describe('embedded broker', () => {
  it('serves MQTT 3.1.1 on a loopback port and refuses MQTT 5', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    try {
      expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
      const sub = await connectAsync(broker.url);
      const got: string[] = [];
      sub.on('message', (topic, payload) => got.push(`${topic}=${payload.toString()}`));
      await sub.subscribeAsync('a/#', { qos: 1 });
      const pub = await connectAsync(broker.url);
      await pub.publishAsync('a/b', 'hello', { qos: 1 });
      await new Promise((r) => setTimeout(r, 50));
      expect(got).toEqual(['a/b=hello']);
      await Promise.all([sub.endAsync(), pub.endAsync()]);
      await expect(connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 })).rejects.toThrow();
    } finally {
      await broker.close();
    }
  });

  it('close() disconnects reconnecting clients, frees the port and is idempotent', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    const client = await connectAsync(broker.url, { reconnectPeriod: 20 });
    await Promise.all([broker.close(), broker.close()]);
    const again = await startEmbeddedBroker({ port: broker.port }); // the port is free again
    await again.close();
    await client.endAsync(true);
  });

  it('rejects when the port is taken', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    try {
      await expect(startEmbeddedBroker({ port: broker.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await broker.close();
    }
  });
});
