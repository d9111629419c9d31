import { describe, expect, it } from 'vitest';
import { encodeHostState, parseHostState, PrimaryHostWatch } from './host-state.js';
import { stateTopic } from './sparkplug-topic.js';

describe('Sparkplug host STATE', () => {
  it('is JSON with online and timestamp on spBv1.0/STATE/<host id>', () => {
    expect(stateTopic('scada1')).toBe('spBv1.0/STATE/scada1');
    expect(() => stateTopic('a/b')).toThrow(/host id/);
    expect(encodeHostState({ online: true, timestamp: 1700000000000 }).toString()).toBe(
      '{"online":true,"timestamp":1700000000000}',
    );
    expect(parseHostState(Buffer.from('{"online":false,"timestamp":5}'))).toEqual({ online: false, timestamp: 5 });
    // Sparkplug 2.2 STATE ("ONLINE"/"OFFLINE" strings) and other junk are not 3.0 STATE messages.
    for (const bad of ['ONLINE', '{"online":"true","timestamp":5}', '{"online":true}', 'null'])
      expect(parseHostState(Buffer.from(bad))).toBeUndefined();
  });

  // tck-id-message-flow-edge-node-birth-publish-phid-wait-timestamp, tck-id-operational-behavior-edge-node-termination-host-offline-timestamp
  it('an edge node follows the newest STATE and ignores older ones', () => {
    const watch = new PrimaryHostWatch();
    expect(watch.online).toBe(false);
    expect(watch.observe({ online: true, timestamp: 100 })).toBe('online');
    expect(watch.observe({ online: false, timestamp: 90 })).toBe('stale'); // a late will of an earlier session
    expect(watch.online).toBe(true);
    expect(watch.observe({ online: false, timestamp: 100 })).toBe('offline'); // this session's will
    expect(watch.observe({ online: true, timestamp: 100 })).toBe('online'); // the same birth, retained
    expect(watch.observe({ online: true, timestamp: 200 })).toBe('online');
  });
});
