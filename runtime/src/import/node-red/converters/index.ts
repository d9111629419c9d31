import type { NodeConverter } from '../types.js';
import { change } from './change.js';
import { csv } from './csv.js';
import { catchNode, linkCall, linkIn, linkOut, statusNode } from './catch-link.js';
import { execNode } from './exec.js';
import { delay, join, split } from './delay-sequence.js';
import { functionNode } from './function-node.js';
import { httpIn, httpRequest, httpResponse } from './http.js';
import { comment, debug, inject } from './inject-debug.js';
import { mqttBroker, mqttIn, mqttOut } from './mqtt.js';
import { NETWORK_CONVERTERS } from './network.js';
import { NO_EQUIVALENT } from './no-equivalent.js';
import { html, json, xml, yaml } from './parsers.js';
import { range, rbe, trigger } from './range-filter-trigger.js';
import { batch, sort } from './sequence-nodes.js';
import { OPCUA_CONTRIB_CONVERTERS } from './opcua-contrib.js';
import { fileRead, fileWrite, watch } from './storage.js';
import { switchNode, template } from './switch-template.js';

/**
 * Node-RED type -> converter. To support another node, write a `NodeConverter` (config mapping
 * plus warnings, or `{ unsupported: reason }`) and add it here; types missing from this table
 * become `unsupported` placeholders.
 */
export const CONVERTERS: Readonly<Record<string, NodeConverter>> = {
  inject,
  debug,
  comment,
  function: functionNode,
  change,
  switch: switchNode,
  template,
  delay,
  split,
  join,
  catch: catchNode,
  status: statusNode,
  'link in': linkIn,
  'link out': linkOut,
  'link call': linkCall,
  exec: execNode,
  'mqtt-broker': mqttBroker,
  'mqtt in': mqttIn,
  'mqtt out': mqttOut,
  'http in': httpIn,
  'http response': httpResponse,
  'http request': httpRequest,
  json,
  xml,
  yaml,
  html,
  range,
  rbe,
  trigger,
  sort,
  batch,
  csv,
  file: fileWrite,
  'file in': fileRead,
  watch,
  ...OPCUA_CONTRIB_CONVERTERS,
  ...NETWORK_CONVERTERS,
  ...NO_EQUIVALENT,
};
