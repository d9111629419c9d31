import { UserError } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { clientOf, mirrorStatus } from '../lib/client-of.js';
import { writeSpan } from '../lib/transfer.js';
import type { ModbusWriteConfig } from './config.js';

/** Writes msg.payload (one value or an array) from the configured address on, then passes the message on. */
export function createModbusWrite(ctx: NodeContext<ModbusWriteConfig>): NodeHandlers {
  const cfg = ctx.config;
  const connection = clientOf(ctx, cfg.client);
  const stopStatus = mirrorStatus(ctx, connection);
  return {
    async input(msg) {
      const given: unknown[] = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
      const values = given.filter((v): v is number | boolean => typeof v === 'number' || typeof v === 'boolean');
      if (!values.length || values.length !== given.length)
        throw new UserError(
          'modbus_bad_value',
          'msg.payload must be a number or boolean, or a non-empty array of them, to write to Modbus',
        );
      const raw = await writeSpan(connection, { ...cfg, values });
      const bits = cfg.area === 'coils';
      ctx.send({
        ...msg,
        modbus: {
          area: cfg.area,
          address: cfg.address,
          quantity: values.length,
          unitId: connection.unitId,
          ...(bits ? {} : { dataType: cfg.dataType, order: cfg.order }),
          raw,
        },
      });
    },
    close() {
      stopStatus();
    },
  };
}
