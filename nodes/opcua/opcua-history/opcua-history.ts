import type { FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { ClientSession, HistoryReadResult } from 'node-opcua';
import { nodeIdOnServer } from '../opcua-endpoint/namespaces.js';
import { endpointOf, mirrorConnectionStatus, nodeIdFrom, statusError } from '../opcua-endpoint/node-support.js';
import { fromVariant } from '../opcua-endpoint/variant.js';
import { withTimeout } from '../opcua-endpoint/with-timeout.js';
import type { OpcuaHistoryConfig } from './config.js';
import { timeRange } from './time-range.js';

/** One stored value, as msg.payload lists them. */
export interface HistoryValue {
  value: unknown;
  sourceTimestamp: Date | null;
  serverTimestamp: Date | null;
  statusCode: string;
}

/** Reads the raw history of the configured variable (or msg.topic) over the time range. */
export function createOpcuaHistory(ctx: NodeContext<OpcuaHistoryConfig>): NodeHandlers {
  const cfg = ctx.config;
  const connection = endpointOf(ctx, cfg.endpoint);
  const stopStatus = mirrorConnectionStatus(ctx, connection);

  return {
    async input(msg: FlowMessage) {
      const nodeId = nodeIdFrom(cfg.nodeId, msg.topic);
      const range = timeRange(Reflect.get(msg, 'start') ?? cfg.start, Reflect.get(msg, 'end') ?? cfg.end);
      const session = await connection.session();
      // An nsu= NodeId as this server indexes its namespace; msg.opcua keeps the form given.
      const onServer = await nodeIdOnServer(session, nodeId);
      if (onServer === undefined) throw statusError('history', nodeId, 'BadNamespaceUnknown');
      const values: HistoryValue[] = [];
      let requests = 0;
      let continuationPoint: Buffer | null = null;
      do {
        const result: HistoryReadResult = await withTimeout(
          readRaw({ session, nodeId: onServer, range, cfg, continuationPoint }),
          connection.requestTimeoutMs,
          `history read of ${nodeId} from ${connection.endpointUrl}`,
        );
        requests++;
        if (result.statusCode.isBad()) throw statusError('history', nodeId, result.statusCode.name);
        values.push(...(await historyValues(result)));
        continuationPoint = result.continuationPoint?.length ? result.continuationPoint : null;
      } while (continuationPoint && requests < cfg.maxRequests);
      // The bound was reached with values left: free the server's continuation point.
      if (continuationPoint)
        await readRaw({ session, nodeId: onServer, range, cfg, continuationPoint, release: true }).catch(
          () => undefined,
        );
      ctx.send({
        ...msg,
        topic: nodeId,
        payload: values,
        opcua: { nodeId, start: range.start, end: range.end, complete: !continuationPoint, requests },
      });
    },
    close() {
      stopStatus();
    },
  };
}

async function readRaw(args: {
  session: ClientSession;
  nodeId: string;
  range: { start: Date; end: Date };
  cfg: OpcuaHistoryConfig;
  continuationPoint: Buffer | null;
  release?: boolean;
}): Promise<HistoryReadResult> {
  const opcua = await import('node-opcua');
  const response = await args.session.historyRead(
    new opcua.HistoryReadRequest({
      historyReadDetails: new opcua.ReadRawModifiedDetails({
        isReadModified: false,
        startTime: args.range.start,
        endTime: args.range.end,
        numValuesPerNode: args.cfg.maxValues,
        returnBounds: args.cfg.returnBounds,
      }),
      timestampsToReturn: opcua.TimestampsToReturn.Both,
      releaseContinuationPoints: args.release ?? false,
      nodesToRead: [{ nodeId: args.nodeId, continuationPoint: args.continuationPoint ?? undefined }],
    }),
  );
  const [result] = response.results ?? [];
  if (!result) throw statusError('history', args.nodeId, response.responseHeader.serviceResult.name);
  return result;
}

async function historyValues(result: HistoryReadResult): Promise<HistoryValue[]> {
  const opcua = await import('node-opcua');
  const data = result.historyData;
  if (!(data instanceof opcua.HistoryData)) return [];
  return (data.dataValues ?? []).map((dv) => ({
    value: fromVariant(dv.value),
    sourceTimestamp: dv.sourceTimestamp ?? null,
    serverTimestamp: dv.serverTimestamp ?? null,
    statusCode: dv.statusCode.name,
  }));
}
