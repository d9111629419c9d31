import { FlowError } from './flow.error.js';

/** A peer is down or slow (broker gone, ERP 503). Retried with backoff. */
export class OperationalError extends FlowError {
  constructor(code: string, message: string, cause?: unknown) {
    super({ code, message, kind: 'operational', retryable: true, cause });
  }
}
