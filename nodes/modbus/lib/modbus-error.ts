import { OperationalError, UserError } from '@millwright/model';

/**
 * Modbus exception codes (Modbus Application Protocol v1.1b3, section 7): the error code each
 * maps to, whether the flow is at fault (a UserError, not retried) or the device (operational),
 * and what it means in plain words.
 */
export const MODBUS_EXCEPTIONS: Readonly<Record<number, { code: string; user: boolean; text: string }>> = {
  1: {
    code: 'modbus_illegal_function',
    user: true,
    text: 'illegal function: the device does not support this function code for this area',
  },
  2: {
    code: 'modbus_illegal_address',
    user: true,
    text: 'illegal data address: the device has no such address (or the range runs past its end)',
  },
  3: {
    code: 'modbus_illegal_value',
    user: true,
    text: 'illegal data value: the device refused the quantity or the value',
  },
  4: {
    code: 'modbus_device_failure',
    user: false,
    text: 'server device failure: the device failed while doing the request',
  },
  5: {
    code: 'modbus_acknowledge',
    user: false,
    text: 'acknowledge: the device accepted a long-running request and is still working on it',
  },
  6: { code: 'modbus_device_busy', user: false, text: 'server device busy: try again later' },
  8: {
    code: 'modbus_memory_parity_error',
    user: false,
    text: 'memory parity error: the device found its memory inconsistent',
  },
  10: {
    code: 'modbus_gateway_path_unavailable',
    user: false,
    text: 'gateway path unavailable: the gateway has no route to the unit id',
  },
  11: {
    code: 'modbus_gateway_no_response',
    user: false,
    text: 'gateway target device failed to respond: the unit behind the gateway did not answer',
  },
};

/** What a request was, for error messages: `read holding-registers 5000..5009 of unit 1`. */
export interface RequestInfo {
  op: 'read' | 'write';
  area: string;
  address: number;
  quantity: number;
  unitId: number;
  target: string;
}

const describe = (r: RequestInfo) =>
  `${r.op} ${r.area} ${r.address}${r.quantity > 1 ? `..${r.address + r.quantity - 1}` : ''} of unit ${r.unitId} at ${r.target}`;

/**
 * The coded error for a failed request: a Modbus exception (the `modbusCode` modbus-serial puts on
 * it) becomes its `MODBUS_EXCEPTIONS` code, a timeout `modbus_timeout`, a closed port
 * `modbus_not_connected`, anything else `modbus_request_failed` (all three operational).
 */
export function requestError(err: unknown, r: RequestInfo): UserError | OperationalError {
  const modbusCode = read(err, 'modbusCode');
  if (typeof modbusCode === 'number') {
    const known = MODBUS_EXCEPTIONS[modbusCode];
    const message = `${describe(r)} failed with Modbus exception ${modbusCode} (${known?.text ?? 'unknown exception code'})`;
    if (known?.user) return new UserError(known.code, message, err);
    return new OperationalError(known?.code ?? 'modbus_exception', message, err);
  }
  const message = err instanceof Error ? err.message : String(err);
  if (read(err, 'errno') === 'ETIMEDOUT' || /timed out/i.test(message))
    return new OperationalError('modbus_timeout', `${describe(r)}: no answer within the timeout`, err);
  if (read(err, 'name') === 'PortNotOpenError' || /not open/i.test(message))
    return new OperationalError('modbus_not_connected', `${describe(r)}: not connected`, err);
  return new OperationalError('modbus_request_failed', `${describe(r)} failed: ${message}`, err);
}

function read(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}
