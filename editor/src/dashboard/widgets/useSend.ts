import { useState } from 'react';
import type { WidgetProps } from './widget-props.js';

export type SendState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; at: number }
  | { kind: 'refused'; issues: Array<{ field: string; message: string }> }
  | { kind: 'failed'; message: string };

/**
 * Sends an input, after the widget's confirmation question when it has one. Returns the dialog
 * to render (or null), the send state, and `request(value)` to start.
 */
export function useSend(widget: WidgetProps['widget'], send: WidgetProps['send']) {
  const [state, setState] = useState<SendState>({ kind: 'idle' });
  const [asking, setAsking] = useState<{ value: unknown } | undefined>();
  const confirm = typeof widget.config['confirm'] === 'string' ? widget.config['confirm'] : '';
  const go = (value: unknown) => {
    setState({ kind: 'sending' });
    send(value).then(
      (issues) => setState(issues.length ? { kind: 'refused', issues } : { kind: 'sent', at: Date.now() }),
      (err: unknown) => setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  };
  return {
    state,
    confirm,
    asking,
    request: (value: unknown) => (confirm ? setAsking({ value }) : go(value)),
    answer: (yes: boolean) => {
      const pending = asking;
      setAsking(undefined);
      if (yes && pending) go(pending.value);
    },
  };
}
