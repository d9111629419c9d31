import type { FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { clientOf, mirrorStatus } from '../lib/client-of.js';
import { isBitArea, readSpan } from '../lib/transfer.js';
import type { ModbusReadConfig } from './config.js';

/** What modbus-read puts in `msg.modbus` next to the values in `msg.payload`. */
export interface ModbusReadInfo {
  area: ModbusReadConfig['area'];
  address: number;
  quantity: number;
  unitId: number;
  /** Absent for coils and discrete inputs. */
  dataType?: string;
  order?: string;
  /** The registers (or bits) as read, before decoding and scaling. */
  raw: Array<number | boolean>;
  /** Requests the read took (more than one when split). */
  requests: number;
}

/** Reads on each message and, with `pollMs`, on a timer. */
export function createModbusRead(ctx: NodeContext<ModbusReadConfig>): NodeHandlers {
  const cfg = ctx.config;
  const connection = clientOf(ctx, cfg.client);
  const stopStatus = mirrorStatus(ctx, connection);
  const bits = isBitArea(cfg.area);

  const read = async (base: Partial<FlowMessage>): Promise<FlowMessage> => {
    const r = await readSpan(connection, cfg);
    const modbus: ModbusReadInfo = {
      area: cfg.area,
      address: cfg.address,
      quantity: cfg.quantity,
      unitId: connection.unitId,
      ...(bits ? {} : { dataType: cfg.dataType, order: cfg.order }),
      raw: r.raw,
      requests: r.requests,
    };
    const payload = cfg.quantity === 1 ? r.values[0] : r.values;
    return ctx.newMessage({ ...base, payload, modbus });
  };

  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  if (cfg.pollMs > 0) {
    const topic = cfg.topic || `${cfg.area}/${cfg.address}`;
    timer = setInterval(() => {
      if (polling) return; // the device is slower than the interval: skip rather than queue up
      polling = true;
      read({ topic })
        .then((m) => ctx.send(m))
        .catch((err: unknown) => ctx.error(err))
        .finally(() => (polling = false));
    }, cfg.pollMs);
  }

  return {
    async input(msg) {
      ctx.send(await read(msg));
    },
    close() {
      if (timer) clearInterval(timer);
      stopStatus();
    },
  };
}
