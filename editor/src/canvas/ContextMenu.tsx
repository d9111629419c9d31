import { useEffect, useRef } from 'react';
import type { MenuItem } from './context-menu-items.js';

/** A menu at the pointer; closes on a pick, Escape, a click elsewhere, scrolling or resizing. */
export function ContextMenu(props: { x: number; y: number; items: MenuItem[]; onClose: () => void }) {
  const menu = useRef<HTMLUListElement>(null);
  const { onClose } = props;
  useEffect(() => {
    menu.current?.querySelector('button')?.focus();
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return;
      if (e.type === 'pointerdown' && menu.current?.contains(e.target as Node)) return;
      onClose();
    };
    window.addEventListener('pointerdown', close, true);
    window.addEventListener('keydown', close, true);
    window.addEventListener('resize', close);
    window.addEventListener('wheel', close, true);
    return () => {
      window.removeEventListener('pointerdown', close, true);
      window.removeEventListener('keydown', close, true);
      window.removeEventListener('resize', close);
      window.removeEventListener('wheel', close, true);
    };
  }, [onClose]);
  // Keep the menu inside the window.
  const left = Math.min(props.x, window.innerWidth - 220);
  const top = Math.min(props.y, window.innerHeight - props.items.length * 30 - 12);
  return (
    <ul className="context-menu" role="menu" style={{ left, top }} ref={menu} data-testid="context-menu">
      {props.items.map((item) => (
        <li key={item.id} role="none">
          <button
            type="button"
            role="menuitem"
            data-testid={`menu-${item.id}`}
            onClick={() => {
              onClose();
              item.run();
            }}
          >
            <span>{item.label}</span>
            {item.shortcut && <kbd>{item.shortcut}</kbd>}
          </button>
        </li>
      ))}
    </ul>
  );
}
