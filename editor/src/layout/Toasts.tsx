import { useUi } from '../app/useUi.js';

/** Short notices (deploy results, failures) in the bottom-right corner. */
export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone}`} data-testid={`toast-${t.tone}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
