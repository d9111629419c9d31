import type { SendState } from './useSend.js';

/** One line under an input: sending, sent, refused (with the faults) or failed. */
export function SendStatus({ state }: { state: SendState }) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'sending') return <p className="send-status muted">Sending…</p>;
  if (state.kind === 'sent')
    return (
      <p className="send-status ok" data-testid="input-sent">
        Sent {new Date(state.at).toLocaleTimeString()}
      </p>
    );
  if (state.kind === 'refused')
    return (
      <ul className="send-status alarm" data-testid="input-refused">
        {state.issues.map((i) => (
          <li key={i.field}>{i.message}</li>
        ))}
      </ul>
    );
  return (
    <p className="send-status alarm" data-testid="input-failed">
      {state.message}
    </p>
  );
}
