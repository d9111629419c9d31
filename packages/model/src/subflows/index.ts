export {
  SUBFLOW_IN,
  SUBFLOW_OUT,
  SUBFLOW_STATUS,
  SUBFLOW_PORT_TYPES,
  SUBFLOW_TYPE_PREFIX,
  subflowInstanceType,
  subflowIdOf,
  isSubflowDefinition,
  subflowPorts,
  outPortOf,
} from './subflow-ports.js';
export type { SubflowDefinition, SubflowPorts } from './subflow-ports.js';
export { checkParamValues, paramText } from './subflow-params.js';
export { subflowCatalog } from './subflow-catalog.js';
export { validateSubflows } from './validate-subflows.js';
export { expandSubflows, SUBFLOW_ID_SEPARATOR } from './expand-subflows.js';
export { subflowSchema, subflowParamSchema } from '../flow.js';
export type { SubflowParam, SubflowSpec } from '../flow.js';
