export { defineNode } from './define-node.js';
export type { NodeDefinition, AnyNodeDefinition, ConfigSchema } from './define-node.js';
export type {
  NodeContext,
  NodeHandlers,
  NodeOutput,
  NodeLogger,
  ContextStore,
  FlowServices,
  FlowSignalSource,
  SignalScope,
  ConnectionReport,
  QueueReplica,
} from './node-context.js';
export { NodeRegistry, catalogEntry } from './registry.js';
export { defineFamilyExtension } from './family-extension.js';
export type {
  FamilyExtension,
  FamilyRoute,
  FamilyRouteMethod,
  FamilyRequest,
  FamilyResponse,
  FamilyServices,
  StoredConfigNode,
  EditorHelper,
} from './family-extension.js';
export { toJsonSchema, configRefsOf, defaultsOf } from './json-schema.js';
export { substituteEnv } from './engine/env-substitution.js';
export { MemoryContextStore } from './memory-context.js';
export { connectionBadge } from './connection-badge.js';
export { writeFileDurably, readJsonFile, readTextFile, CorruptFileError, codeOf } from './durable-file.js';
export { FlowContextStorage, CONTEXT_FILE_DEFAULTS } from './engine/flow-context-storage.js';
export type { ContextFileOptions, ContextFileEvents } from './engine/flow-context-storage.js';
export { CONTEXT_FOLDER, contextFileOf } from './engine/open-flow-context.js';
export type { ConnectionStatus } from './connection-badge.js';
export { reportConnectionStatus, redactTarget } from './connection-report.js';
export { newMessageId, createMessage, copyMessage } from './message-id.js';
export { toDebugValue, DEBUG_LIMITS } from './debug-value.js';
export { viewContext } from './context-view.js';
export {
  parseMsgPath,
  formatMsgPath,
  msgPathProblem,
  msgPathSchema,
  getMsgPath,
  setMsgPath,
  deleteMsgPath,
} from './msg-path.js';
export type { MsgPathOptions } from './msg-path.js';
export { MsgPathError } from './msg-path.error.js';
export type { MsgPathErrorCode } from './msg-path.error.js';
export { FlowEngine } from './engine/flow-engine.js';
export type { EngineHost, EngineUpdateResult, NodeFault, NodeStats } from './engine/engine-host.js';
export { DEFAULT_QUEUE_LIMITS, type QueueLimits } from './engine/flow-pressure.js';
export {
  newReceipt,
  attachReceipt,
  receiptOf,
  releaseReceipt,
  holdMessage,
  withReceiptOf,
} from './engine/take-receipt.js';
export type { Receipt } from './engine/take-receipt.js';
export { planNodeUpdate, planFlowDeploy } from './engine/deploy-plan.js';
export type {
  DeployedFlow,
  NodeUpdatePlanInput,
  NodeUpdatePlan,
  ConfigNodePlan,
  FlowDeploySpec,
  FlowDeployPlan,
} from './engine/deploy-plan.js';
export { confinementOf, defaultFilesRoot, FILES_FOLDER } from './confinement/confinement.js';
export type { Confinement } from './confinement/confinement.js';
export { confinedPath } from './confinement/confined-path.js';
export {
  compileOutboundPolicy,
  outboundEntryProblem,
  outboundDenied,
  DEFAULT_OUTBOUND_DENY,
  DEFAULT_OUTBOUND_POLICY,
} from './confinement/outbound-policy.js';
export type { OutboundPolicy, CompiledOutboundPolicy, Destination } from './confinement/outbound-policy.js';
export { runFlow } from './harness/run-flow.js';
export type { FlowHarness, RunFlowOptions } from './harness/run-flow.js';
export { testNode } from './harness/test-node.js';
export { freePort, waitForPort } from './harness/ports.js';
export type { NodeHarness } from './harness/test-node.js';
