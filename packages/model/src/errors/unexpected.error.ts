import { FlowError } from './flow.error.js';

/** A bug in Millwright or a node. Reported with its stack. */
export class UnexpectedError extends FlowError {
  constructor(code: string, message: string, cause?: unknown) {
    super({ code, message, kind: 'unexpected', retryable: false, cause });
  }
}
