import { UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { ClientSession, NodeId } from 'node-opcua';
import { nodeIdOnServer } from '../opcua-endpoint/namespaces.js';
import { endpointOf, mirrorConnectionStatus, nodeIdFrom, statusError } from '../opcua-endpoint/node-support.js';
import { fromVariant, typeName } from '../opcua-endpoint/variant.js';
import { withTimeout } from '../opcua-endpoint/with-timeout.js';
import type { OpcuaMethodConfig } from './config.js';
import { inputVariants, type DeclaredArgument } from './method-arguments.js';

interface MethodSignature {
  inputs: DeclaredArgument[];
  outputs: string[];
}

/**
 * Calls the method for each message. The argument types and names are read once per method from
 * its InputArguments and OutputArguments properties (the same for the node's lifetime).
 */
export function createOpcuaMethod(ctx: NodeContext<OpcuaMethodConfig>): NodeHandlers {
  const cfg = ctx.config;
  const connection = endpointOf(ctx, cfg.endpoint);
  const stopStatus = mirrorConnectionStatus(ctx, connection);
  const signatures = new Map<string, Promise<MethodSignature>>();

  const signatureOf = (session: ClientSession, methodId: string) => {
    let s = signatures.get(methodId);
    if (!s) {
      s = readSignature(session, methodId);
      signatures.set(methodId, s);
      s.catch(() => signatures.delete(methodId));
    }
    return s;
  };

  return {
    async input(msg: FlowMessage) {
      const objectId = idFrom(cfg.objectId, msg, 'objectId');
      const methodId = idFrom(cfg.methodId, msg, 'methodId');
      const session = await connection.session();
      const target = `${methodId} on ${objectId}`;
      const call = async () => {
        // nsu= NodeIds as this server indexes their namespace.
        const [objectOnServer, methodOnServer] = await Promise.all([
          nodeIdOnServer(session, objectId),
          nodeIdOnServer(session, methodId),
        ]);
        if (objectOnServer === undefined || methodOnServer === undefined)
          throw statusError('method', target, 'BadNamespaceUnknown');
        const signature = await signatureOf(session, methodOnServer);
        const inputArguments = inputVariants({
          method: methodId,
          declared: signature.inputs,
          configured: cfg.arguments,
          payload: msg.payload,
        });
        const result = await session.call({ objectId: objectOnServer, methodId: methodOnServer, inputArguments });
        return { signature, result };
      };
      const { signature, result } = await withTimeout(call(), connection.requestTimeoutMs, `call of ${target}`);
      if (result.statusCode.isBad()) {
        const argumentFaults = (result.inputArgumentResults ?? [])
          .map((s, i) => (s.isBad() ? `${signature.inputs[i]?.name ?? `#${i + 1}`}: ${s.name}` : ''))
          .filter(Boolean);
        const detail = argumentFaults.length ? ` (argument ${argumentFaults.join(', ')})` : '';
        throw statusError('method', `${target}${detail}`, result.statusCode.name);
      }
      const payload: Record<string, unknown> = {};
      (result.outputArguments ?? []).forEach((v, i) => {
        payload[signature.outputs[i] || `output${i + 1}`] = fromVariant(v);
      });
      ctx.send({ ...msg, payload, opcua: { objectId, methodId, statusCode: result.statusCode.name } });
    },
    close() {
      stopStatus();
    },
  };
}

/** The NodeId from config, else from `msg[key]`, checked by the NodeId grammar. */
function idFrom(configured: string, msg: FlowMessage, key: 'objectId' | 'methodId'): string {
  const given: unknown = configured || Reflect.get(msg, key);
  if (typeof given !== 'string' || !given.trim())
    throw new UserError('opcua_nodeid_missing', `no ${key}: set it in the node or send it in msg.${key}`);
  return nodeIdFrom(given, undefined);
}

async function readSignature(session: ClientSession, methodId: string): Promise<MethodSignature> {
  const opcua = await import('node-opcua');
  const definition = await session.getArgumentDefinition(opcua.coerceNodeId(methodId));
  const builtin = async (dataType: NodeId): Promise<number> =>
    // ns=0 ids up to 25 are the built-in types themselves; others (enumerations, Duration) derive from one.
    dataType.namespace === 0 && typeof dataType.value === 'number' && dataType.value <= 25
      ? dataType.value
      : opcua.findBasicDataType(session, dataType);
  const inputs = await Promise.all(
    (definition.inputArguments ?? []).map(async (a, i) => ({
      name: a.name ?? `input${i + 1}`,
      type: typeName(await builtin(a.dataType)) ?? 'Null',
      array: a.valueRank >= 0,
    })),
  );
  return { inputs, outputs: (definition.outputArguments ?? []).map((a) => a.name ?? '') };
}
