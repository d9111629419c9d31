/**
 * A message moving through a flow. Plain structured-cloneable data. Besides the fields below,
 * nodes may set other top-level properties (as Node-RED's `msg.foo`), which keeps function code
 * and imported flows working; see docs/decisions/0001-message-envelope.md.
 */
export interface FlowMessage {
  /** Unique per message; a fan-out copy gets a new id. */
  id: string;
  payload?: unknown;
  topic?: string;
  headers?: Record<string, string>;
  /** Ids of the nodes this message passed through, newest last (capped). */
  trace?: string[];
  /** Set by the runtime on messages delivered to catch nodes. */
  error?: SerializedError;
  [key: string]: unknown;
}

/** An error as it crosses workers, isolates and the wire. Identify by `code`, never `instanceof`. */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
  kind: 'user' | 'operational' | 'unexpected';
  retryable: boolean;
  nodeId?: string;
  nodeType?: string;
  nodeName?: string;
  /**
   * On messages delivered to catch nodes: the failing node as Node-RED names it (`msg.error.source`),
   * so imported error-routing logic keeps working; `count` is how often the message was caught.
   */
  source?: { id: string; type: string; name?: string; count: number };
  stack?: string;
}
