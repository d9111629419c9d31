import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog.js';
import { SendStatus } from './SendStatus.js';
import { useSend } from './useSend.js';
import { cfg, type WidgetProps } from './widget-props.js';

/** Sends the chosen value on change. */
export function DropdownWidget({ widget, send, canInput }: WidgetProps) {
  const s = useSend(widget, send);
  const [chosen, setChosen] = useState('');
  return (
    <div className="input-widget">
      <select
        data-testid="widget-dropdown"
        value={chosen}
        disabled={!canInput}
        onChange={(e) => {
          setChosen(e.target.value);
          if (e.target.value) s.request(e.target.value);
        }}
      >
        <option value="">{cfg.str(widget, 'placeholder', 'Choose…')}</option>
        {cfg.list(widget, 'options').map((o) => (
          <option key={String(o['value'])} value={String(o['value'])}>
            {String(o['label'] || o['value'])}
          </option>
        ))}
      </select>
      <SendStatus state={s.state} />
      {s.asking && <ConfirmDialog question={s.confirm} onAnswer={s.answer} />}
    </div>
  );
}
