import { ConfirmDialog } from './ConfirmDialog.js';
import { SendStatus } from './SendStatus.js';
import { useSend } from './useSend.js';
import { cfg, type WidgetProps } from './widget-props.js';

/** Sends the node's payload when pressed (operators only: disabled for viewers). */
export function ButtonWidget({ widget, send, canInput }: WidgetProps) {
  const s = useSend(widget, send);
  const level = cfg.str(widget, 'level', 'normal');
  return (
    <div className="input-widget">
      <button
        className={`big-button ${level}`}
        data-testid="widget-button"
        disabled={!canInput || s.state.kind === 'sending'}
        title={canInput ? undefined : 'Needs the operator role'}
        onClick={() => s.request(undefined)}
      >
        {cfg.str(widget, 'label') || widget.name || 'Send'}
      </button>
      <SendStatus state={s.state} />
      {s.asking && <ConfirmDialog question={s.confirm} onAnswer={s.answer} />}
    </div>
  );
}
