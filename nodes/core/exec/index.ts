import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import { confinementOf, copyMessage, defineNode } from '@millwright/sdk';
import { execConfig } from './config.js';
import { runCommand, type RunningCommand } from './run-command.js';

/** `msg.payload` as one argument: text as it is, numbers and booleans as text, other values as JSON. */
function payloadArg(payload: unknown): string | undefined {
  if (payload === undefined || payload === null) return undefined;
  if (typeof payload === 'string') return payload;
  if (typeof payload === 'number' || typeof payload === 'boolean') return String(payload);
  if (payload instanceof Uint8Array) return Buffer.from(payload).toString('utf8');
  return JSON.stringify(payload);
}

/**
 * Runs an allowed operating-system command per message, without a shell. Off unless settings.json
 * enables it (decision 0032); the deploy checks that too, this is the second lock.
 */
export default defineNode({
  type: 'exec',
  category: 'function',
  version: 1,
  label: 'exec',
  description:
    "Runs an allowed command (no shell) for each message and sends its standard output, standard error and return code, as Node-RED's exec node. Off unless an admin enables it in settings.json.",
  inputs: 1,
  outputs: ['stdout', 'stderr', 'return code'],
  icon: 'code',
  config: execConfig,
  setup(ctx) {
    const { command, args, appendPayload, timeoutMs, maxOutputBytes } = ctx.config;
    const exec = confinementOf(ctx).exec;
    if (!exec?.enabled)
      throw new UserError('exec_disabled', 'exec nodes are off: enable them in settings.json (nodes.exec.enabled)');
    if (!exec.allow.includes(command))
      throw new UserError('exec_not_allowed', `"${command}" is not in settings.json nodes.exec.allow`);
    const running = new Set<RunningCommand>();
    return {
      async input(msg) {
        const extra = appendPayload ? payloadArg(msg.payload) : undefined;
        const run = runCommand(command, extra === undefined ? args : [...args, extra], { timeoutMs, maxOutputBytes });
        running.add(run);
        const r = await run.result.finally(() => running.delete(run));
        if (r.kind === 'timeout')
          return ctx.error(
            new OperationalError('exec_timeout', `${command} ran longer than ${timeoutMs} ms: killed`),
            msg,
          );
        if (r.kind === 'too-large')
          return ctx.error(
            new UserError(
              'exec_output_too_large',
              `${command} wrote more than ${maxOutputBytes} bytes to ${r.stream}: killed`,
            ),
            msg,
          );
        if (r.kind === 'failed') return ctx.error(new OperationalError('exec_failed', `${command}: ${r.message}`), msg);
        const rc = { code: r.code, ...(r.signal ? { signal: r.signal } : {}) };
        const err: FlowMessage | null = r.stderr ? { ...copyMessage(msg), payload: r.stderr, rc } : null;
        const code = { ...copyMessage(msg), payload: rc };
        msg.payload = r.stdout;
        msg.rc = rc;
        ctx.send([msg, err, code]);
      },
      close() {
        for (const run of running) run.kill();
      },
    };
  },
});
