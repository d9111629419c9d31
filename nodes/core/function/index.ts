import { defineNode } from '@millwright/sdk';
import { functionConfig } from './config.js';

/** Runs user JavaScript on each message, in an isolated-vm sandbox. */
export default defineNode({
  type: 'function',
  category: 'function',
  version: 1,
  label: 'function',
  description:
    'Runs JavaScript on each message (Node-RED compatible: `msg`, `node`, `context`, `flow`, `global`, `env`, ' +
    'timers). The code runs in an isolated sandbox with a time and memory limit; nothing of the host is reachable.',
  inputs: 1,
  outputs: ['out'],
  outputsFor: (config) =>
    config.outputs === 1 ? ['out'] : Array.from({ length: config.outputs }, (_, i) => `out ${i + 1}`),
  outputsFrom: 'outputs',
  icon: 'code',
  config: functionConfig,
  async setup(ctx) {
    // Loaded on first use: the sandbox pulls in isolated-vm, a native addon.
    const { FunctionRuntime } = await import('./function-runtime.js');
    const runtime = new FunctionRuntime(ctx);
    await runtime.start();
    return {
      input: (msg) => runtime.input([msg]),
      inputBatch: (msgs) => runtime.input(msgs),
      pending: () => runtime.pending,
      close: () => runtime.close(),
    };
  },
});
