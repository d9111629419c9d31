import { UserError } from '@millwright/model';

/** Codes of `MsgPathError`. */
export type MsgPathErrorCode =
  /** The text is not a path: bad syntax, at `position`. */
  | 'invalid_path'
  /** A `__proto__`, `constructor` or `prototype` segment: refused so a flow cannot reach object prototypes. */
  | 'path_segment_not_allowed'
  /** Setting below a value that is a string, number or boolean (`payload.x` on a text payload). */
  | 'path_not_object';

/**
 * A message path that cannot be parsed or used. A user error: bad config or an unsuitable message.
 * Across worker boundaries only `code` and the message survive, as for every FlowError.
 */
export class MsgPathError extends UserError {
  declare readonly code: MsgPathErrorCode;
  /** The path as written (or formatted from its segments). */
  readonly path: string;
  /** 0-based index in `path` of the offending character or segment; undefined when not about syntax. */
  readonly position: number | undefined;

  constructor(code: MsgPathErrorCode, message: string, path: string, position?: number) {
    super(code, message);
    this.path = path;
    this.position = position;
  }
}
