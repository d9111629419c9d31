import type { ConnectionStatus } from '@millwright/sdk';

/** What websocket-in and websocket-out see of a listener or a client config node. */
export interface WsEndpoint {
  /** Frames carry whole messages as JSON (Node-RED's "entire message"), not only msg.payload. */
  readonly wholeMessage: boolean;
  /** `ws://host:port/path` (listener) or the client's URL without user info. */
  readonly target: string;
  /** Calls `handler` for every frame: text as a string, binary as bytes. Returns the unsubscribe. */
  onMessage(handler: (data: string | Uint8Array, sessionId: string) => void): () => void;
  /** A peer broke a limit or the protocol (`net_frame_too_large`, ...); it has been disconnected. */
  onError(handler: (err: Error) => void): () => void;
  /** Calls `handler` now and on every change (a listener counts its clients in `message`). */
  onStatus(handler: (s: ConnectionStatus) => void): () => void;
  /**
   * Sends a frame to session `sessionId`, or to every peer without one. Rejects with
   * OperationalError `ws_session_closed` (that peer has gone), `ws_not_connected` (client down),
   * `net_peer_slow` (the peer does not read; it is disconnected).
   */
  send(data: string | Buffer, sessionId?: string): Promise<void>;
  /** Stop reading from every peer (back-pressure) until `resume`. */
  pause(): void;
  resume(): void;
}
