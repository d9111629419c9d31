export {
  FLOW_FORMAT_VERSION,
  flowSchema,
  flowNodeSchema,
  configNodeSchema,
  wireSchema,
  portRefSchema,
  positionSchema,
  groupSchema,
  flowContextSchema,
  flowPlacementSchema,
} from './flow.js';
export type {
  Flow,
  FlowNode,
  ConfigNode,
  Wire,
  PortRef,
  Position,
  Group,
  FlowContextOptions,
  FlowPlacement,
} from './flow.js';
export { formatPath, issue, fromZodIssues } from './issues.js';
export { showValue } from './show-value.js';
export type { PathSegment, ValidationIssue } from './issues.js';
export type { NodeCatalog, NodeTypeInfo, NodeRef, ConfigFault } from './node-type-info.js';
export { validateFlow, validateFlows } from './validate-flow.js';
export { isSharedConfigDocument, referencedConfigs, withReferencedConfigs, configsById } from './shared-configs.js';
export type { ConfigRefCatalog } from './shared-configs.js';
export { schemaRows } from './schema-table.js';
export type { OpcuaBrowseResponse, OpcuaBrowsedNode } from './api/opcua.js';
export {
  OPCUA_NODEID_FORMAT,
  parseOpcuaNodeId,
  opcuaNodeIdProblem,
  formatOpcuaNodeId,
  toNamespaceUriNodeId,
  toNamespaceIndexNodeId,
} from './opcua-node-id.js';
export type { ParsedOpcuaNodeId, OpcuaIdentifierType, OpcuaNodeIdParse } from './opcua-node-id.js';
export type { SchemaRow } from './schema-table.js';
export type { FlowValidation, ValidateFlowOptions } from './validate-flow.js';
export { migrateFlow } from './migrate-flow.js';
export type { MigrationStep } from './migrate-flow.js';
export { serializeFlow, sortKeys, sameContent } from './serialize-flow.js';
export { diffFlows, diffFlow } from './flow-diff.js';
export type { FlowDiff, FlowChange, ItemChange, FieldChange } from './flow-diff.js';
export { formatFlowDiff } from './flow-diff-text.js';
export { mergeFlow, serializeMergedFlow, CONFLICTS_KEY } from './flow-merge.js';
export type { FlowMergeResult, MergeConflict } from './flow-merge.js';
export { formatFlowPath } from './flow-paths.js';
export type { FlowPathSegment } from './flow-paths.js';
export type { FlowMessage, SerializedError } from './message.js';
export { FlowError } from './errors/flow.error.js';
export type { ErrorKind } from './errors/flow.error.js';
export { UserError } from './errors/user.error.js';
export { OperationalError } from './errors/operational.error.js';
export { OutcomeUnknownError } from './errors/outcome-unknown.error.js';
export { UnexpectedError } from './errors/unexpected.error.js';
export { ValidationError } from './errors/validation.error.js';
export { serializeError } from './errors/serialize-error.js';
export { reviveError } from './errors/revive-error.js';
export type {
  NodeStatus,
  DebugEvent,
  StatusEvent,
  ErrorEvent,
  LogEvent,
  FlowStateEvent,
  ConnectionEvent,
  DeployEvent,
  RuntimeEvent,
  RuntimeEventType,
  DeployMode,
} from './api/events.js';
export type { DroppedNotice, SubscribedNotice, EventStreamFrame, SubscribeRequest } from './api/event-stream.js';
export type {
  ChartDataByKind,
  ChartEvent,
  ChartKind,
  ChartLoss,
  ChartPayload,
  ChartRuleViolation,
  ChartSnapshot,
  OeeChartData,
  OeeChartEvent,
  SpcChartData,
  SpcChartEvent,
  WidgetChartData,
  WidgetChartEvent,
} from './api/charts.js';
export type {
  DashboardPageInfo,
  DashboardWidgetInfo,
  DashboardPagesResponse,
  DashboardPageResponse,
  DashboardInputRequest,
  DashboardInputResponse,
  DashboardUser,
} from './api/dashboard.js';
export { checkDashboardForm } from './dashboard-form.js';
export type { DashboardField, DashboardFieldIssue } from './dashboard-form.js';
export type {
  FlowsResponse,
  DeployRequest,
  DeployResponse,
  ApiErrorBody,
  NodeCatalogEntry,
  InjectResponse,
} from './api/rest.js';
export type { ContextEntryView, ContextScopeView } from './api/context.js';
export { CONTEXT_VIEW_MAX_KEYS } from './api/context.js';
export type {
  OutboxSummaryView,
  OutboxListResponse,
  OutboxEntryView,
  OutboxEntriesResponse,
  OutboxCommandResponse,
} from './api/outbox.js';
export type {
  Role,
  UserInfo,
  LoginRequest,
  LoginResponse,
  MeResponse,
  AuthProvidersResponse,
  LogoutResponse,
  CreateUserRequest,
  UpdateUserRequest,
  CredentialsInfo,
  CredentialsUpdate,
  AuditEntry,
} from './api/auth.js';
export type {
  ImportPlaceholder,
  ImportWarning,
  ImportReport,
  NodeRedImportResponse,
  NodePackageInfo,
  NodePackagesResponse,
} from './api/extensions.js';
export type { ClusterRuntimeInfo, ClusterPlacementInfo, ClusterViewResponse } from './api/cluster.js';
export type {
  SnapshotMeta,
  SnapshotPackage,
  Snapshot,
  SnapshotsResponse,
  CreateSnapshotRequest,
  RollbackRequest,
  RollbackResponse,
  SnapshotDiffResponse,
  PromoteRequest,
  PromoteResult,
} from './api/snapshots.js';
