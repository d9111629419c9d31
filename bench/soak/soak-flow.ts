import type { Flow } from '@millwright/model';

/** Ids the soak bench drives and listens to. */
export const SOAK_IDS = { source: 'tick', probe: 'probe' } as const;

/** Interval of the source; each firing emits `rate / (1000 / INTERVAL_MS)` messages. */
export const SOAK_INTERVAL_MS = 100;

/**
 * A demo-plant-like flow: inject (a burst every 100 ms) -> function (a machine reading: diameter
 * around 10 mm, part counter) -> switch (running vs. idle) -> change (sets the UNS topic) ->
 * quality-check (I-MR chart, spec 9.5 .. 10.5) -> probe (counts pass, fail and idle messages;
 * the `nc` port, one message per violation, is left unwired so the probe's count matches the source).
 */
export function soakFlow(rate: number): Flow {
  const burst = Math.max(1, Math.round(rate / (1000 / SOAK_INTERVAL_MS)));
  const node = (id: string, type: string, config: Record<string, unknown>, x: number, y = 100) => ({
    id,
    type,
    typeVersion: 1,
    name: id,
    config,
    position: { x, y },
  });
  const wire = (from: string, to: string, port = 0) => ({ from: { node: from, port }, to: { node: to, port: 0 } });
  return {
    version: 1,
    id: 'soak',
    name: 'soak',
    nodes: [
      node(
        SOAK_IDS.source,
        'inject',
        { payloadType: 'number', payload: '1', repeat: 'interval', intervalMs: SOAK_INTERVAL_MS, burst },
        0,
      ),
      node(
        'reading',
        'function',
        {
          code: `const i = msg.burstIndex || 0;
// Roughly normal noise around 10 mm, sigma ~0.05; now and then a part out of spec.
const noise = (Math.random() + Math.random() + Math.random() - 1.5) * 0.1;
msg.payload = { state: i % 50 === 0 ? 'idle' : 'running', value: 10 + noise + (i % 997 === 0 ? 1 : 0), part: i };
return msg;`,
        },
        150,
      ),
      node(
        'running',
        'switch',
        {
          property: 'payload.state',
          checkAll: false,
          rules: [{ op: '==', value: 'running', valueType: 'string' }, { op: 'else' }],
        },
        300,
      ),
      node(
        'topic',
        'change',
        { rules: [{ action: 'set', property: 'topic', type: 'string', value: 'acme/plant1/line1/m1/diameter' }] },
        450,
      ),
      node(
        'spc',
        'quality-check',
        {
          characteristics: [{ name: 'diameter', property: 'payload.value', lsl: 9.5, usl: 10.5, unit: 'mm' }],
          chart: 'i-mr',
        },
        600,
      ),
      node(SOAK_IDS.probe, 'soak-probe', {}, 750),
    ],
    wires: [
      wire(SOAK_IDS.source, 'reading'),
      wire('reading', 'running'),
      wire('running', 'topic', 0),
      wire('running', SOAK_IDS.probe, 1),
      wire('topic', 'spc'),
      wire('spc', SOAK_IDS.probe, 0),
      wire('spc', SOAK_IDS.probe, 1),
    ],
  };
}
