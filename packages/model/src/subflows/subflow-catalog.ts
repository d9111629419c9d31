import type { Flow } from '../flow.js';
import type { NodeCatalog, NodeTypeInfo } from '../node-type-info.js';
import { checkParamValues } from './subflow-params.js';
import { isSubflowDefinition, subflowIdOf, subflowPorts } from './subflow-ports.js';

/**
 * The catalog of a deployment: the installed node types plus one `subflow:<id>` type per
 * definition among `flows`, with the definition's ports and a config check of its parameters. An
 * instance of a definition that is not there gets a lenient entry, so `validateSubflows` reports it
 * once as `missing_subflow` rather than as an unknown type plus every wire.
 */
export function subflowCatalog(base: NodeCatalog, flows: readonly Flow[]): NodeCatalog {
  const infos = new Map<string, NodeTypeInfo>();
  for (const f of flows) if (isSubflowDefinition(f)) infos.set(f.id, instanceInfo(f));
  return {
    get(type) {
      const id = subflowIdOf(type);
      if (id === undefined) return base.get(type);
      return infos.get(id) ?? missingInfo(type);
    },
  };
}

function instanceInfo(def: Flow): NodeTypeInfo {
  const ports = subflowPorts(def);
  const params = def.subflow?.params ?? [];
  return {
    type: `subflow:${def.id}`,
    version: 1,
    isConfig: false,
    inputs: ports.inputs,
    outputCount: () => ports.outputs,
    validateConfig: (config) => checkParamValues(params, config),
    configRefs: [],
  };
}

function missingInfo(type: string): NodeTypeInfo {
  return {
    type,
    version: 1,
    isConfig: false,
    inputs: 1,
    outputCount: () => Number.MAX_SAFE_INTEGER,
    validateConfig: () => [],
    configRefs: [],
  };
}
