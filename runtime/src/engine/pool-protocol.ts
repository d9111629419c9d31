import type { FlowWorkerData, FromWorker, ToWorker } from './worker-protocol.js';

/** Runtime -> shared host process: open a flow slot, send to one, close one. */
export type ToPoolHost = { open: FlowWorkerData } | { to: string; m: ToWorker } | { close: string };

/** Shared host process -> runtime: a slot's message, a slot closed (or failed to load), host ready. */
export type FromPoolHost = { from: string; m: FromWorker } | { closed: string; error?: string } | { ready: true };
