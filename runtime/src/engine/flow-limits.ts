/**
 * What one flow may take from the runtime, applied in the flow's host (its thread or process) so
 * nothing over the limit reaches the main process. Settings: `limits` in settings.json.
 */
export interface FlowLimits {
  /** Most global context keys a flow holds (the keys it set last). */
  globalEntries: number;
  /** Most bytes (serialized) of the global context values a flow holds. */
  globalBytes: number;
  /** Log, status and error events per node and second, each kind counted on its own. */
  eventsPerSecond: number;
  /** Debug events per node and second. */
  debugPerSecond: number;
  /** Approximate bytes of debug values per node and second. */
  debugBytesPerSecond: number;
  /** Longest log line, error message or status text; longer text is cut with a marker. */
  logChars: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  globalEntries: 10_000,
  globalBytes: 8 * 1024 * 1024,
  eventsPerSecond: 100,
  debugPerSecond: 1_000,
  debugBytesPerSecond: 1024 * 1024,
  logChars: 8_192,
};

/** How long a deploy waits for one flow to start before it reports `flow_start_timeout`. */
export const DEFAULT_START_TIMEOUT_MS = 30_000;
