import type { FlowMessage } from '@millwright/model';
import { defineNode, type AnyNodeDefinition } from '@millwright/sdk';
import { z } from 'zod';

/** Node type that takes the place of connectors (and stubbed nodes) in flow tests. */
export const STAND_IN_TYPE = 'test-stand-in';

const standInConfig = z.object({
  originalType: z.string(),
  /** Whether the original node had an input; without one, incoming test messages are sent on as if received. */
  source: z.boolean().default(false),
  outputs: z.number().int().min(0).default(1),
  recorded: z.array(z.array(z.record(z.string(), z.unknown()))).default([]),
});

/** Messages each stand-in received, by node id, in arrival order. */
export type StandInRecorder = Map<string, FlowMessage[]>;

/**
 * The stand-in node type for one test case. It records every message it receives into `recorder`.
 * In place of a source (mqtt-in, opcua-subscribe) it sends received test messages on port 0 and
 * sends its recorded messages when triggered; in place of a node with an input it answers the k-th
 * message with entry k of each port's recorded list, merged over that message.
 */
export function createStandIn(recorder: StandInRecorder): AnyNodeDefinition {
  return defineNode({
    type: STAND_IN_TYPE,
    category: 'test',
    version: 1,
    description: 'Test stand-in for a connector node: records inputs and replays recorded outputs.',
    inputs: 1,
    outputs: ['out'],
    outputsFor: (c) => Array.from({ length: c.outputs }, (_, i) => `out ${i + 1}`),
    config: standInConfig,
    setup(ctx) {
      const { recorded, source, outputs } = ctx.config;
      let received = 0;
      const list: FlowMessage[] = [];
      recorder.set(ctx.id, list);
      return {
        input(msg) {
          list.push(structuredClone(msg));
          if (source) {
            ctx.send(msg);
            return;
          }
          const k = received++;
          const out = Array.from({ length: outputs }, (_, port) => {
            const reply = recorded[port]?.[k];
            return reply ? { ...msg, ...reply, id: msg.id } : null;
          });
          if (out.some(Boolean)) ctx.send(out);
        },
        trigger() {
          for (const [port, msgs] of recorded.entries())
            for (const m of msgs) {
              const out: Array<FlowMessage | null> = Array.from({ length: outputs }, () => null);
              out[port] = ctx.newMessage(m);
              ctx.send(out);
            }
        },
      };
    },
  });
}
