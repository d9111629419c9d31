/**
 * One store-and-forward queue (the journal of an mqtt-out, http-request, sparkplug-out or erp-post
 * node) in GET /api/outbox.
 */
export interface OutboxSummaryView {
  /** The node id. */
  nodeId: string;
  /** The node type when deployed (`mqtt-out`, `erp-post`...); absent for a journal left by a removed node. */
  nodeType?: string;
  pending: number;
  dead: number;
  /** Epoch ms of the oldest pending entry. */
  oldestPendingAt?: number;
  /** Error of the latest failed attempt among pending entries. */
  lastError?: string;
  /** Journal size in bytes. */
  bytes: number;
  /** Replay/delete commands the node has not picked up yet (it polls every ~500 ms while running). */
  commandsWaiting: number;
}

/** GET /api/outbox */
export interface OutboxListResponse {
  /** False when the runtime keeps no node data on disk (outboxes are in memory and not listed). */
  durable: boolean;
  outboxes: OutboxSummaryView[];
}

/** A queued or dead request as the admin API shows it. Secrets (Authorization) are never stored. */
export interface OutboxEntryView {
  id: string;
  idempotencyKey: string;
  attempts: number;
  enqueuedAt: number;
  lastError?: string;
  /**
   * What the node stored: http-request and erp-post `{ method, url, headers, body, msg }`, mqtt-out
   * `{ topic, payload, qos, retain }`, sparkplug-out `{ takenAt, metrics }`.
   */
  request: unknown;
  /** Dead letters only. */
  error?: string;
  deadAt?: number;
}

/** GET /api/outbox/:nodeId/dead and GET /api/outbox/:nodeId/pending */
export interface OutboxEntriesResponse {
  nodeId: string;
  entries: OutboxEntryView[];
}

/**
 * POST /api/outbox/:nodeId/dead[/:id]/replay, DELETE /api/outbox/:nodeId/dead[/:id]: answered
 * 202 once the command is handed to the node; it applies it within about half a second (or at its
 * next start), so a follow-up GET may still show the entries for a moment.
 */
export interface OutboxCommandResponse {
  op: 'replay' | 'delete';
  ids: string[];
}
