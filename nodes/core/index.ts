import type { AnyNodeDefinition } from '@millwright/sdk';
import catchNode from './catch/index.js';
import change from './change/index.js';
import comment from './comment/index.js';
import debug from './debug/index.js';
import delay from './delay/index.js';
import exec from './exec/index.js';
import fn from './function/index.js';
import html from './html/index.js';
import inject from './inject/index.js';
import join from './join/index.js';
import linkCall from './link-call/index.js';
import linkIn from './link-in/index.js';
import linkOut from './link-out/index.js';
import split from './split/index.js';
import status from './status/index.js';
import switchNode from './switch/index.js';
import template from './template/index.js';
import unsupported from './unsupported/index.js';
import batch from './batch/index.js';
import filter from './filter/index.js';
import json from './json/index.js';
import range from './range/index.js';
import sort from './sort/index.js';
import trigger from './trigger/index.js';
import xml from './xml/index.js';
import yaml from './yaml/index.js';
import subflowIn from './subflow-in/index.js';
import subflowOut from './subflow-out/index.js';
import subflowStatus from './subflow-status/index.js';

/** The built-in core nodes. The runtime loads every module's `nodes` export. */
export const nodes: AnyNodeDefinition[] = [
  inject,
  debug,
  fn,
  change,
  switchNode,
  template,
  delay,
  exec,
  split,
  join,
  catchNode,
  status,
  comment,
  linkCall,
  linkIn,
  linkOut,
  unsupported,
  json,
  xml,
  yaml,
  html,
  range,
  filter,
  trigger,
  sort,
  batch,
  subflowIn,
  subflowOut,
  subflowStatus,
];
