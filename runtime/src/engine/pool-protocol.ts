import type { FlowWorkerData, FromWorker, ToWorker } from './worker-protocol.js';

/**
 * Runtime -> shared host process: open a flow slot, send to one, close one; or load node modules
 * and warm node types ahead of a flow that may start there (a cluster runtime on standby).
 */
export type ToPoolHost =
  | { open: FlowWorkerData }
  | { to: string; m: ToWorker }
  | { close: string }
  | { warm: { modules: string[]; types: string[] } };

/** Shared host process -> runtime: a slot's message, a slot closed (or failed to load), host ready. */
export type FromPoolHost = { from: string; m: FromWorker } | { closed: string; error?: string } | { ready: true };
