import { FlowError } from './flow.error.js';

/**
 * A request to change something remote (an OPC UA write) was sent, and its answer never came: the
 * connection broke or the peer froze. It may or may not have taken effect, possibly later, when
 * the peer resumes. Code `outcome_unknown`, kind `operational`. Not retryable unless the caller
 * says repeating it is harmless (`idempotent`): a retry of a non-idempotent request could apply it
 * twice. The flow should verify (read back) or ask a person.
 */
export class OutcomeUnknownError extends FlowError {
  constructor(message: string, options: { idempotent?: boolean; cause?: unknown } = {}) {
    super({
      code: 'outcome_unknown',
      message,
      kind: 'operational',
      retryable: options.idempotent ?? false,
      cause: options.cause,
    });
  }
}
