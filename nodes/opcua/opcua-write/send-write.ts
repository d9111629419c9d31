import { OperationalError } from '@millwright/model';
import type { ClientSession, StatusCode } from 'node-opcua';
import { errorText } from '../opcua-endpoint/error-text.js';
import type { OpcuaConnection } from '../opcua-endpoint/opcua-connection.js';
import type { VariantOptions } from '../opcua-endpoint/variant.js';

/** The server's answer to a write, or why none came (the write may or may not have happened). */
export type WriteAnswer = { answered: true; status: StatusCode } | { answered: false; why: string };

const VALUE_ATTRIBUTE = 13;

/**
 * Sends one write and waits for the first of: the server's answer, `timeoutMs`, or the connection
 * going down (the watchdog noticed a frozen server, the socket broke). Only an answer says what
 * happened; the other two give `answered: false`. A service fault (the server answered with an
 * error for the whole request) throws `opcua_write_failed`: the value was not written.
 */
export async function sendWrite(args: {
  connection: OpcuaConnection;
  session: ClientSession;
  nodeId: string;
  variant: VariantOptions;
  timeoutMs: number;
}): Promise<WriteAnswer> {
  const { connection, nodeId } = args;
  let timer: NodeJS.Timeout | undefined;
  let stopWatching: () => void = () => undefined;
  const unanswered = new Promise<WriteAnswer>((resolve) => {
    timer = setTimeout(
      () => resolve({ answered: false, why: `no answer from ${connection.endpointUrl} within ${args.timeoutMs} ms` }),
      args.timeoutMs,
    );
    stopWatching = connection.onStatus((s) => {
      if (s.state !== 'connected')
        resolve({ answered: false, why: `connection to ${connection.endpointUrl} lost (${s.message ?? s.state})` });
    });
  });
  const answer = args.session.write({ nodeId, attributeId: VALUE_ATTRIBUTE, value: { value: args.variant } }).then(
    (status): WriteAnswer => ({ answered: true, status }),
    (err: unknown): WriteAnswer => {
      if (serviceFault(err))
        throw new OperationalError('opcua_write_failed', `write of ${nodeId} refused: ${errorText(err)}`, err);
      return { answered: false, why: errorText(err) };
    },
  );
  try {
    return await Promise.race([answer, unanswered]);
  } finally {
    clearTimeout(timer);
    stopWatching();
  }
}

/** node-opcua attaches the server's ServiceFault to the error when the server answered with one. */
function serviceFault(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof Reflect.get(err, 'response') === 'object';
}
