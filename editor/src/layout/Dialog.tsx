import type { ReactNode } from 'react';

/** A modal panel; Escape closes it (see the keyboard shortcuts) as does the backdrop. */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId: string;
  wide?: boolean;
}) {
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        className={`dialog ${props.wide ? 'wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId}
      >
        <header>
          <h2>{props.title}</h2>
          <button type="button" className="icon" aria-label="Close" onClick={props.onClose}>
            ✕
          </button>
        </header>
        <div className="dialog-body">{props.children}</div>
      </div>
    </div>
  );
}
