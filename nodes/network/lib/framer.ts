import { UserError } from '@millwright/model';

export interface FramerOptions {
  /** Cut after each occurrence of these bytes. */
  delimiter?: Buffer;
  /** Keep the delimiter at the end of each frame (tcp request) or strip it (tcp in). */
  keepDelimiter?: boolean;
  /** Cut every `count` bytes. */
  count?: number;
  /** Most bytes held for one frame; more is the peer's fault: `net_frame_too_large`. */
  maxBytes: number;
}

/**
 * Cuts a byte stream into frames by delimiter or fixed length, holding at most `maxBytes` of an
 * unfinished frame, so a peer that never sends the delimiter cannot grow memory. Without a
 * delimiter or count everything is one frame (read with `rest()` when the stream ends).
 */
export class Framer {
  private held: Buffer = Buffer.alloc(0);

  constructor(private readonly options: FramerOptions) {}

  /** Adds received bytes; returns the frames they complete. Throws UserError `net_frame_too_large`. */
  push(chunk: Buffer): Buffer[] {
    let buf = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    const frames: Buffer[] = [];
    const { delimiter, count, keepDelimiter } = this.options;
    if (delimiter?.length) {
      let at = buf.indexOf(delimiter);
      while (at >= 0) {
        frames.push(Buffer.from(buf.subarray(0, keepDelimiter ? at + delimiter.length : at)));
        buf = buf.subarray(at + delimiter.length);
        at = buf.indexOf(delimiter);
      }
    } else if (count) {
      while (buf.length >= count) {
        frames.push(Buffer.from(buf.subarray(0, count)));
        buf = buf.subarray(count);
      }
    }
    // Copy what stays, so a small remainder does not pin a large received chunk.
    this.held = Buffer.from(buf);
    if (this.held.length > this.options.maxBytes) {
      const size = this.held.length;
      this.held = Buffer.alloc(0);
      throw new UserError(
        'net_frame_too_large',
        `the peer sent more than ${this.options.maxBytes} bytes without completing a message (${size} held); the connection is closed`,
      );
    }
    return frames;
  }

  /** The bytes of an unfinished frame, emptied. */
  rest(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }
}
