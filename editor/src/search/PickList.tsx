import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface PickItem {
  key: string;
  primary: string;
  secondary?: string;
}

/**
 * A search box over a list, driven from the keyboard: type to narrow, ↑/↓ to move, Enter to pick.
 * Shared by the quick-add and search dialogs.
 */
export function PickList(props: {
  items: readonly PickItem[];
  query: string;
  onQuery: (query: string) => void;
  onPick: (item: PickItem) => void;
  placeholder: string;
  testId: string;
  empty: string;
}) {
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [props.query]);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, props.items.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter') {
      const item = props.items[active];
      if (item) props.onPick(item);
    } else return;
    e.preventDefault();
  };
  return (
    <div className="pick-list">
      <input
        ref={input}
        type="search"
        value={props.query}
        placeholder={props.placeholder}
        onChange={(e) => props.onQuery(e.target.value)}
        onKeyDown={onKey}
        data-testid={`${props.testId}-input`}
        aria-label={props.placeholder}
      />
      <ul role="listbox" data-testid={`${props.testId}-results`}>
        {props.items.map((item, i) => (
          <li
            key={item.key}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : ''}
            onMouseEnter={() => setActive(i)}
            onMouseDown={(e) => {
              e.preventDefault();
              props.onPick(item);
            }}
            data-testid={`${props.testId}-item`}
          >
            <span className="pick-primary">{item.primary}</span>
            {item.secondary && <span className="pick-secondary">{item.secondary}</span>}
          </li>
        ))}
        {!props.items.length && props.query.trim() && <li className="muted">{props.empty}</li>}
      </ul>
    </div>
  );
}
