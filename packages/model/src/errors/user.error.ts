import { FlowError } from './flow.error.js';

/** Bad config or bad input. Not retried; shown to the user as is. */
export class UserError extends FlowError {
  constructor(code: string, message: string, cause?: unknown) {
    super({ code, message, kind: 'user', retryable: false, cause });
  }
}
