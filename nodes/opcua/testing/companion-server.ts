/**
 * A node-opcua server for tests that need more than the simulated PLC: the OPC Foundation
 * standard, DI and Machinery nodesets (from node-opcua-nodesets, re-exported by node-opcua) plus a
 * test namespace with an enumeration of DI, an enumeration with EnumValues, a 2×3 Double matrix and
 * structures of a server-defined DataType. `extend` adds a test file's own nodes (methods, alarms,
 * historized variables). Start one per test file: it takes about a second (see the README).
 * @internal
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyTestPki, freePort } from '@millwright/sim-plc';
import {
  DataType,
  nodesets,
  OPCUACertificateManager,
  OPCUAServer,
  Variant,
  VariantArrayType,
  type AddressSpace,
  type Namespace,
} from 'node-opcua';
import { COMPANION_NAMESPACE_URI, COMPANION_NODESET_XML } from './companion-nodeset.js';

export { COMPANION_NAMESPACE_URI } from './companion-nodeset.js';

export interface CompanionServerOptions {
  /** Adds nodes to the address space before the server starts listening. */
  extend?: (addressSpace: AddressSpace, namespace: Namespace) => void | Promise<void>;
  /** Fixed port (restart tests); default a free loopback port. */
  port?: number;
}

export interface CompanionServer {
  /** `opc.tcp://127.0.0.1:<port>` */
  endpointUrl: string;
  port: number;
  /** URI of the test namespace holding the nodes listed in `nodeIds` and those `extend` adds. */
  namespaceUri: string;
  /** Index of the test namespace on this server. */
  namespaceIndex: number;
  /** Index of the DI namespace (`http://opcfoundation.org/UA/DI/`). */
  diNamespaceIndex: number;
  /** NodeIds of the test variables, as `ns=<index>;s=<name>` strings. */
  nodeIds: {
    /** DI DeviceHealthEnumeration (EnumStrings), value 3 (OFF_SPEC). */
    deviceHealth: string;
    /** SpindleMode enumeration with EnumValues Off 0, Clockwise 10, CounterClockwise 20; value 10. */
    spindleMode: string;
    /** Double, ValueRank 2, ArrayDimensions [2, 3], value [[1, 2, 3], [4, 5, 6]]. */
    matrix: string;
    /** BatchRecipe structure { Name, Quantity, Enabled, Steps: RecipeStep[] }. */
    recipe: string;
    /** Array of two BatchRecipe structures. */
    recipes: string;
  };
  /** Folder for the client's PKI (certificates made once per machine and copied). */
  clientPkiFolder: string;
  addressSpace: AddressSpace;
  /** The node-opcua server, for tests that change its limits (e.g. `engine.serverCapabilities.maxSessions`). */
  server: OPCUAServer;
  /** Shuts the server down and deletes its temp folder. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the companion server; resolves once it listens. */
export async function startCompanionServer(options: CompanionServerOptions = {}): Promise<CompanionServer> {
  const host = '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const dir = await mkdtemp(join(tmpdir(), 'millwright-companion-'));
  const pki = await copyTestPki(dir);
  const xml = join(dir, 'millwright-companion-test.NodeSet2.xml');
  await writeFile(xml, COMPANION_NODESET_XML);
  const server = new OPCUAServer({
    port,
    host,
    hostname: host,
    serverCertificateManager: new OPCUACertificateManager({
      rootFolder: join(pki.plc, 'server'),
      automaticallyAcceptUnknownCertificate: true,
    }),
    nodeset_filename: [nodesets.standard, nodesets.di, nodesets.ia, nodesets.machinery, xml],
    serverInfo: { applicationUri: 'urn:millwright:sim-plc', productUri: 'urn:millwright:companion-test' },
    buildInfo: { productName: 'Millwright companion test server', manufacturerName: 'Millwright' },
    serverCapabilities: { minSupportedSampleRate: 0 },
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await server.shutdown(0).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('companion server has no address space after initialize()');
    // getNamespace() is typed without the alarm helpers (instantiateAlarmCondition...) every
    // namespace object has; extensions adding alarms need them.
    const namespace = addressSpace.getNamespace(COMPANION_NAMESPACE_URI) as Namespace;
    const di = addressSpace.getNamespaceIndex('http://opcfoundation.org/UA/DI/');
    const ns = namespace.index;
    const id = (name: string) => `ns=${ns};s=${name}`;
    addTestVariables(addressSpace, namespace, di, id);
    await options.extend?.(addressSpace, namespace);
    await server.start();
    return {
      endpointUrl: `opc.tcp://${host}:${port}`,
      port,
      namespaceUri: COMPANION_NAMESPACE_URI,
      namespaceIndex: ns,
      diNamespaceIndex: di,
      nodeIds: {
        deviceHealth: id('DeviceHealth'),
        spindleMode: id('SpindleMode'),
        matrix: id('Matrix'),
        recipe: id('Recipe'),
        recipes: id('Recipes'),
      },
      clientPkiFolder: pki.client,
      addressSpace,
      server,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function addTestVariables(
  addressSpace: AddressSpace,
  namespace: Namespace,
  di: number,
  id: (name: string) => string,
): void {
  const folder = namespace.addFolder(addressSpace.rootFolder.objects, {
    browseName: 'Companion',
    nodeId: id('Companion'),
  });
  const writable = (
    name: string,
    dataType: AddressSpaceDataType,
    value: Variant,
    shape: { valueRank?: number; arrayDimensions?: number[] } = {},
  ) =>
    namespace.addVariable({
      componentOf: folder,
      browseName: name,
      nodeId: id(name),
      dataType,
      valueRank: shape.valueRank ?? -1,
      ...(shape.arrayDimensions ? { arrayDimensions: shape.arrayDimensions } : {}),
      accessLevel: 'CurrentRead | CurrentWrite',
      userAccessLevel: 'CurrentRead | CurrentWrite',
      minimumSamplingInterval: 0,
      value,
    });

  // An enumeration of a companion specification: DI declares its names as EnumStrings.
  const deviceHealth = addressSpace.findDataType('DeviceHealthEnumeration', di);
  if (!deviceHealth) throw new Error('DI DeviceHealthEnumeration not found');
  writable('DeviceHealth', deviceHealth, new Variant({ dataType: DataType.Int32, value: 3 }));

  // An enumeration whose values are not 0..n-1 carries EnumValues instead.
  const spindleMode = namespace.addEnumerationType({
    browseName: 'SpindleMode',
    enumeration: [
      { displayName: 'Off', value: 0 },
      { displayName: 'Clockwise', value: 10 },
      { displayName: 'CounterClockwise', value: 20 },
    ],
  });
  writable('SpindleMode', spindleMode, new Variant({ dataType: DataType.Int32, value: 10 }));

  writable(
    'Matrix',
    addressSpace.findDataType('Double') ?? fail('Double'),
    new Variant({
      dataType: DataType.Double,
      arrayType: VariantArrayType.Matrix,
      dimensions: [2, 3],
      value: new Float64Array([1, 2, 3, 4, 5, 6]),
    }),
    { valueRank: 2, arrayDimensions: [2, 3] },
  );

  const recipeType = addressSpace.findDataType('BatchRecipe', namespace.index) ?? fail('BatchRecipe');
  const recipe = (name: string, quantity: number) =>
    addressSpace.constructExtensionObject(recipeType, {
      name,
      quantity,
      enabled: true,
      steps: [
        { setpoint: 80.5, durationS: 60 },
        { setpoint: 120, durationS: 300 },
      ],
    });
  writable('Recipe', recipeType, new Variant({ dataType: DataType.ExtensionObject, value: recipe('Batch-1', 500) }));
  writable(
    'Recipes',
    recipeType,
    new Variant({
      dataType: DataType.ExtensionObject,
      arrayType: VariantArrayType.Array,
      value: [recipe('Batch-A', 10), recipe('Batch-B', 20)],
    }),
    { valueRank: 1, arrayDimensions: [0] },
  );
}

type AddressSpaceDataType = NonNullable<ReturnType<AddressSpace['findDataType']>>;

function fail(what: string): never {
  throw new Error(`companion server: ${what} not found`);
}
