/**
 * Test nodes for opcua-method, opcua-events and opcua-history: a method with input and output
 * arguments, a tank level with an exclusive limit alarm, and a historized variable. Added to any
 * node-opcua server's address space (e.g. as the companion test server's `extend` option).
 * @internal
 */
import type { ConfigNode } from '@millwright/model';
import {
  DataType,
  StatusCodes,
  type AddressSpace,
  type ISessionContext,
  type Namespace,
  type UAExclusiveLimitAlarmEx,
  type UAVariable,
  type Variant,
} from 'node-opcua';
import { startCompanionServer, type CompanionServer } from './companion-server.js';

export interface AlarmHistoryNodes {
  /** NodeIds (`ns=<index>;s=...`) of what was added. */
  ids: {
    methods: string;
    scale: string;
    tank: string;
    level: string;
    levelAlarm: string;
    history: string;
    notHistorized: string;
  };
  /** Sets the tank level (0..100); above 80 the alarm is active. */
  setLevel(level: number): void;
  /** The alarm's AckedState/Id and ConfirmedState/Id on the server. */
  alarmState(): { active: boolean; acked: boolean; confirmed: boolean };
  /** Sets the historized variable to each value with its source timestamp, in order. */
  record(points: Array<{ value: number; time: Date }>): void;
}

/**
 * Adds the test nodes below the Objects folder in `namespace`. The tank is an event notifier of
 * the Server object, so the alarm's events reach subscribers of the Server (the default source).
 */
export function addAlarmHistoryNodes(addressSpace: AddressSpace, namespace: Namespace): AlarmHistoryNodes {
  const ns = namespace.index;
  const id = (s: string) => `ns=${ns};s=${s}`;
  const objects = addressSpace.rootFolder.objects;

  const methods = namespace.addObject({ nodeId: id('Test.Methods'), browseName: 'Methods', organizedBy: objects });
  const scale = namespace.addMethod(methods, {
    nodeId: id('Test.Methods.Scale'),
    browseName: 'Scale',
    inputArguments: [
      { name: 'value', dataType: DataType.Double, description: 'the value to scale' },
      { name: 'factor', dataType: DataType.Int32, description: 'not 0' },
      { name: 'unit', dataType: DataType.String },
    ],
    outputArguments: [
      { name: 'result', dataType: DataType.Double },
      { name: 'text', dataType: DataType.String },
    ],
  });
  // node-opcua tells the promise form from the callback form by the number of parameters.
  scale.bindMethod(async (args: Variant[], _context: ISessionContext) => {
    const [value, factor, unit] = args.map((a) => a.value as unknown);
    if (factor === 0) return { statusCode: StatusCodes.BadInvalidArgument };
    const result = Number(value) * Number(factor);
    return {
      statusCode: StatusCodes.Good,
      outputArguments: [
        { dataType: DataType.Double, value: result },
        { dataType: DataType.String, value: `${result} ${String(unit)}` },
      ],
    };
  });

  // Binds ConditionRefresh and the other condition methods of the standard types.
  addressSpace.installAlarmsAndConditionsService();
  const tank = namespace.addObject({
    nodeId: id('Test.Tank'),
    browseName: 'Tank',
    organizedBy: objects,
    notifierOf: objects.server,
  });
  const level = namespace.addVariable({
    nodeId: id('Test.Tank.Level'),
    browseName: 'Level',
    componentOf: tank,
    eventSourceOf: tank,
    dataType: 'Double',
    value: { dataType: DataType.Double, value: 50 },
  });
  const alarm: UAExclusiveLimitAlarmEx = namespace.instantiateExclusiveLimitAlarm('ExclusiveLimitAlarmType', {
    nodeId: id('Test.Tank.LevelAlarm'),
    browseName: 'LevelAlarm',
    componentOf: tank,
    conditionSource: level,
    inputNode: level,
    optionals: ['ConfirmedState', 'Confirm'],
    highHighLimit: 95,
    highLimit: 80,
    lowLimit: 10,
  });
  alarm.setEnabledState(true);

  const history = historized(addressSpace, namespace, id('Test.History.Temperature'), objects);
  const plain = namespace.addVariable({
    nodeId: id('Test.History.NotHistorized'),
    browseName: 'NotHistorized',
    organizedBy: objects,
    dataType: 'Double',
    value: { dataType: DataType.Double, value: 1 },
  });

  return {
    ids: {
      methods: id('Test.Methods'),
      scale: id('Test.Methods.Scale'),
      tank: id('Test.Tank'),
      level: id('Test.Tank.Level'),
      levelAlarm: id('Test.Tank.LevelAlarm'),
      history: history.nodeId.toString(),
      notHistorized: plain.nodeId.toString(),
    },
    setLevel(value) {
      level.setValueFromSource({ dataType: DataType.Double, value });
    },
    alarmState() {
      return {
        active: alarm.activeState.getValue(),
        acked: alarm.ackedState.getValue(),
        confirmed: alarm.confirmedState?.getValue() ?? false,
      };
    },
    record(points) {
      for (const p of points)
        history.setValueFromSource({ dataType: DataType.Double, value: p.value }, StatusCodes.Good, p.time);
    },
  };
}

function historized(
  addressSpace: AddressSpace,
  namespace: Namespace,
  nodeId: string,
  parent: AddressSpace['rootFolder']['objects'],
): UAVariable {
  const variable = namespace.addVariable({
    nodeId,
    browseName: 'Temperature',
    organizedBy: parent,
    dataType: 'Double',
  });
  addressSpace.installHistoricalDataNode(variable, { maxOnlineValues: 1000 });
  return variable;
}

/** The companion test server with these nodes, and an opcua-endpoint config node for it. */
export async function startAlarmHistoryServer(): Promise<{
  server: CompanionServer;
  nodes: AlarmHistoryNodes;
  endpoint: ConfigNode;
}> {
  let nodes: AlarmHistoryNodes | undefined;
  const server = await startCompanionServer({
    extend: (addressSpace, namespace) => {
      nodes = addAlarmHistoryNodes(addressSpace, namespace);
    },
  });
  if (!nodes) throw new Error('extend() was not called');
  const endpoint: ConfigNode = {
    id: 'ua',
    type: 'opcua-endpoint',
    typeVersion: 1,
    config: {
      endpointUrl: server.endpointUrl,
      pkiFolder: server.clientPkiFolder,
      trustUnknownServerCertificates: true,
      reconnectMaxDelayMs: 500,
      requestTimeoutMs: 3_000,
    },
  };
  return { server, nodes, endpoint };
}
