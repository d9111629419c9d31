import type { SerializedError } from '../message.js';

export type ErrorKind = SerializedError['kind'];

/**
 * Base of every Millwright error. `code` is stable and documented; `kind` says who must act:
 * the user (bad config or input), operations (retry later), or us (a bug).
 */
export class FlowError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly retryable: boolean;

  constructor(args: { code: string; message: string; kind: ErrorKind; retryable?: boolean; cause?: unknown }) {
    super(args.message, args.cause === undefined ? undefined : { cause: args.cause });
    this.name = new.target.name;
    this.code = args.code;
    this.kind = args.kind;
    this.retryable = args.retryable ?? args.kind === 'operational';
  }

  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message, kind: this.kind, retryable: this.retryable };
  }
}
