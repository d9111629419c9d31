import type { Namespace, UAObject, UAVariable } from 'node-opcua';
import { DataType, standardUnits, StatusCodes, Variant } from 'node-opcua';
import { isReasonCode, type LineModel, type LineSnapshot, type MachineSnapshot } from './line-model.js';

/** Browse name of the line object under Objects; NodeIds are `ns=1;s=<LINE>.<...>`. */
export const LINE = 'Line1';

type MachineField = Exclude<keyof MachineSnapshot, 'name'>;

interface Binding {
  variable: UAVariable;
  dataType: DataType;
  read(s: LineSnapshot): string | number;
}

/** The variables of the simulated line and how to refresh them from the model. */
export interface LineAddressSpace {
  /** Pushes every value that changed since the last call to the server (one value_changed each). */
  publish(snapshot: LineSnapshot): void;
}

const MACHINE_VARIABLES: ReadonlyArray<{
  field: MachineField;
  browseName: string;
  dataType: DataType;
  description: string;
  analog?: { unit: keyof typeof standardUnits; range: [number, number] };
  writable?: boolean;
}> = [
  { field: 'state', browseName: 'State', dataType: DataType.String, description: 'running, idle or down' },
  {
    field: 'reasonCode',
    browseName: 'ReasonCode',
    dataType: DataType.Int32,
    description: '0 running, 1xx idle, 2xx down',
  },
  { field: 'reasonText', browseName: 'ReasonText', dataType: DataType.String, description: 'Text of the reason code' },
  {
    field: 'goodCount',
    browseName: 'GoodCount',
    dataType: DataType.UInt32,
    description: 'Good parts of the work order',
  },
  {
    field: 'rejectCount',
    browseName: 'RejectCount',
    dataType: DataType.UInt32,
    description: 'Rejected parts of the work order',
  },
  {
    field: 'cycleTime',
    browseName: 'CycleTime',
    dataType: DataType.Double,
    description: 'Duration of the last cycle',
    analog: { unit: 'second', range: [0, 600] },
  },
  {
    field: 'temperature',
    browseName: 'Temperature',
    dataType: DataType.Double,
    description: 'Process temperature',
    analog: { unit: 'degree_celsius', range: [-20, 200] },
  },
  {
    field: 'pressure',
    browseName: 'Pressure',
    dataType: DataType.Double,
    description: 'Hydraulic pressure',
    analog: { unit: 'bar', range: [0, 400] },
  },
  {
    field: 'temperatureSetpoint',
    browseName: 'TemperatureSetpoint',
    dataType: DataType.Double,
    description: 'Temperature setpoint; writes outside 20..95 °C are refused (BadOutOfRange)',
    analog: { unit: 'degree_celsius', range: [20, 95] },
    writable: true,
  },
  {
    field: 'stopCode',
    browseName: 'StopCode',
    dataType: DataType.Int32,
    description:
      'Operator command: a reason code stops the machine with that reason (e.g. 205 Maintenance), 0 starts it; unknown codes are refused (BadOutOfRange)',
    writable: true,
  },
];

/**
 * Builds `Objects/Line1/{WorkOrder, Machine1/..., Machine2/...}` in the server's own namespace.
 * Values are pushed with setValueFromSource (no getters) and every variable has
 * MinimumSamplingInterval 0, so a client asking for sampling interval 0 is served exception-based:
 * each change is queued when it happens instead of being polled.
 * Client writes to the writable variables are applied to the model.
 */
export function buildAddressSpace(args: {
  namespace: Namespace;
  objectsFolder: UAObject;
  model: LineModel;
}): LineAddressSpace {
  const { namespace, objectsFolder, model } = args;
  const bindings: Binding[] = [];
  const last = new Map<Binding, string | number>();
  const initial = model.snapshot();

  const line = namespace.addObject({
    organizedBy: objectsFolder,
    browseName: LINE,
    nodeId: `s=${LINE}`,
    description: 'Simulated production line',
  });
  const workOrder = namespace.addVariable({
    componentOf: line,
    browseName: 'WorkOrder',
    nodeId: `s=${LINE}.WorkOrder`,
    dataType: 'String',
    description: 'Work order in production; an empty string idles the line',
    accessLevel: 'CurrentRead | CurrentWrite',
    userAccessLevel: 'CurrentRead | CurrentWrite',
    minimumSamplingInterval: 0,
    value: new Variant({ dataType: DataType.String, value: initial.workOrder }),
  });
  bindings.push({ variable: workOrder, dataType: DataType.String, read: (s) => s.workOrder });
  workOrder.on('value_changed', (dv) => {
    const v: unknown = dv.value.value;
    if (typeof v === 'string' && v !== model.snapshot().workOrder) model.setWorkOrder(v);
  });

  initial.machines.forEach((machine, index) => {
    const obj = namespace.addObject({
      componentOf: line,
      browseName: machine.name,
      nodeId: `s=${LINE}.${machine.name}`,
    });
    for (const def of MACHINE_VARIABLES) {
      const common = {
        componentOf: obj,
        browseName: def.browseName,
        nodeId: `s=${LINE}.${machine.name}.${def.browseName}`,
        description: def.description,
        minimumSamplingInterval: 0,
        accessLevel: def.writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
        userAccessLevel: def.writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
      } as const;
      const value = new Variant({ dataType: def.dataType, value: machine[def.field] });
      const variable: UAVariable = def.analog
        ? namespace.addAnalogDataItem({
            ...common,
            dataType: 'Double',
            engineeringUnits: standardUnits[def.analog.unit],
            engineeringUnitsRange: { low: def.analog.range[0], high: def.analog.range[1] },
            instrumentRange: { low: def.analog.range[0], high: def.analog.range[1] },
            value: value,
          })
        : namespace.addVariable({ ...common, dataType: DataType[def.dataType], value });
      bindings.push({
        variable,
        dataType: def.dataType,
        read: (s) => s.machines[index]?.[def.field] ?? 0,
      });
      if (def.field === 'temperatureSetpoint')
        variable.on('value_changed', (dv) => {
          const v: unknown = dv.value.value;
          const current = model.snapshot().machines[index]?.temperatureSetpoint;
          if (typeof v === 'number' && v !== current) model.setTemperatureSetpoint(machine.name, v);
        });
      if (def.field === 'stopCode') {
        // Refused before it is stored, as the setpoint's range is: only codes the line knows.
        const typeCheck = variable.checkVariantCompatibility.bind(variable);
        variable.checkVariantCompatibility = (v) => {
          const status = typeCheck(v);
          return status.isNot(StatusCodes.Good) || isReasonCode(v.value) ? status : StatusCodes.BadOutOfRange;
        };
        variable.on('value_changed', (dv) => {
          const v: unknown = dv.value.value;
          const current = model.snapshot().machines[index]?.stopCode;
          if (typeof v === 'number' && v !== current) model.command(machine.name, v);
        });
      }
    }
  });
  for (const b of bindings) last.set(b, b.read(initial));

  return {
    publish(snapshot) {
      for (const b of bindings) {
        const value = b.read(snapshot);
        if (last.get(b) === value) continue;
        last.set(b, value);
        b.variable.setValueFromSource(new Variant({ dataType: b.dataType, value }));
      }
    },
  };
}
