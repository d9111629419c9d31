import { OperationalError, OutcomeUnknownError, UserError, type FlowMessage } from '@millwright/model';
import { getMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import { nodeIdOnServer } from '../opcua-endpoint/namespaces.js';
import { endpointOf, mirrorConnectionStatus, nodeIdFrom, statusError } from '../opcua-endpoint/node-support.js';
import type { OpcuaWriteConfig } from './config.js';
import { readBack } from './read-back.js';
import { sendWrite } from './send-write.js';
import { WriteOnceKeys } from './write-once-keys.js';
import { WriteValues } from './write-value.js';

/**
 * Writes msg.payload to a variable and passes the message on with the result in msg.opcua
 * (`outcome: 'applied'`, or `'duplicate'` for a write-once key written before). A write whose
 * answer never came raises `outcome_unknown`, or with `verify: 'read-back'` is checked by reading
 * the variable once the connection is back.
 */
export function createOpcuaWrite(ctx: NodeContext<OpcuaWriteConfig>): NodeHandlers {
  const cfg = ctx.config;
  const connection = endpointOf(ctx, cfg.endpoint);
  const stopStatus = mirrorConnectionStatus(ctx, connection);
  // How each variable is written (built-in type, enumeration, structure), asked once per NodeId.
  const values = new WriteValues(cfg.dataType);
  const keys = cfg.writeOnce ? new WriteOnceKeys(ctx.context.node, cfg.writeOnceMemory) : undefined;
  // Write-once keys being written now: a message with the same key waits for that outcome.
  const inFlight = new Map<string, Promise<void>>();

  const keyOf = (msg: FlowMessage): string => {
    const key = getMsgPath(msg, cfg.writeOnceKey);
    if (typeof key === 'string' ? key === '' : typeof key !== 'number')
      throw new UserError('opcua_write_key_missing', `write-once needs a string or number in msg.${cfg.writeOnceKey}`);
    return String(key);
  };

  const write = async (msg: FlowMessage, nodeId: string, key: string | undefined): Promise<void> => {
    const earlier = key !== undefined ? keys?.get(key) : undefined;
    if (earlier === 'applied') {
      ctx.send({ ...msg, opcua: { nodeId, outcome: 'duplicate' } });
      return;
    }
    if (earlier === 'sent' && cfg.verify === 'none')
      throw new OutcomeUnknownError(
        `write of ${nodeId} with key "${key}" not sent again: an earlier write with this key has an unknown outcome`,
        { idempotent: cfg.idempotent },
      );

    const session = await connection.session();
    // A nsu= NodeId is sent in this server's ns= form; msg.opcua keeps the NodeId as configured.
    const target = await nodeIdOnServer(session, nodeId);
    if (target === undefined) throw statusError('write', nodeId, 'BadNamespaceUnknown');
    const { variant, dataType } = await values.variant(session, target, msg.payload);
    if (earlier === 'sent' && key !== undefined) {
      // Settle the earlier write first: the variable holds the value, so it was applied; else write it now.
      const outcome = await readBack({
        connection,
        nodeId: target,
        variant,
        timeoutMs: cfg.verifyTimeoutMs,
        idempotent: cfg.idempotent,
        why: `an earlier write with key "${key}" has an unknown outcome`,
      });
      if (outcome === 'applied') {
        keys?.set(key, 'applied');
        ctx.send({ ...msg, opcua: { nodeId, dataType, outcome: 'duplicate', verified: 'read-back' } });
        return;
      }
    }
    // Recorded before sending: from here on, a crash or a lost answer leaves it "sent".
    if (key !== undefined) keys?.set(key, 'sent');
    const forget = () => key !== undefined && keys?.delete(key);
    const applied = (extra: Record<string, unknown>) => {
      if (key !== undefined) keys?.set(key, 'applied');
      ctx.send({ ...msg, opcua: { nodeId, dataType, outcome: 'applied', ...extra } });
    };

    let answer;
    try {
      answer = await sendWrite({
        connection,
        session,
        nodeId: target,
        variant,
        timeoutMs: connection.requestTimeoutMs,
      });
    } catch (err) {
      forget(); // the server answered with a fault: nothing was written
      throw err;
    }
    if (answer.answered) {
      if (answer.status.isBad()) {
        forget();
        throw statusError('write', nodeId, answer.status.name);
      }
      applied({ statusCode: answer.status.name });
      return;
    }
    if (cfg.verify === 'none')
      throw new OutcomeUnknownError(`write of ${nodeId}: ${answer.why}; it may or may not have been applied`, {
        idempotent: cfg.idempotent,
      });
    const outcome = await readBack({
      connection,
      nodeId: target,
      variant,
      timeoutMs: cfg.verifyTimeoutMs,
      idempotent: cfg.idempotent,
      why: answer.why,
    });
    if (outcome === 'applied') {
      applied({ verified: 'read-back' });
      return;
    }
    forget();
    throw new OperationalError(
      'opcua_write_not_applied',
      `write of ${nodeId}: ${answer.why}; read back after reconnecting: not_applied (the variable does not hold the value written)`,
    );
  };

  return {
    async input(msg: FlowMessage) {
      const nodeId = nodeIdFrom(cfg.nodeId, msg.topic);
      if (msg.payload === undefined || msg.payload === null)
        throw new UserError('opcua_bad_value', `nothing to write to ${nodeId}: msg.payload is empty`);
      if (!keys) return write(msg, nodeId, undefined);
      const key = keyOf(msg);
      // Inputs run concurrently: check and claim the key with no await in between.
      for (let busy = inFlight.get(key); busy; busy = inFlight.get(key)) await busy.catch(() => undefined);
      const run = write(msg, nodeId, key);
      inFlight.set(key, run);
      try {
        await run;
      } finally {
        if (inFlight.get(key) === run) inFlight.delete(key);
      }
    },
    close() {
      stopStatus();
    },
  };
}
