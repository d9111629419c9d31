/** A modal question before an operator input is sent. */
export function ConfirmDialog({ question, onAnswer }: { question: string; onAnswer: (yes: boolean) => void }) {
  return (
    <div className="confirm-backdrop" role="dialog" aria-modal="true" data-testid="confirm-dialog">
      <div className="confirm-box">
        <p>{question}</p>
        <div className="confirm-buttons">
          <button data-testid="confirm-no" onClick={() => onAnswer(false)}>
            Cancel
          </button>
          <button className="primary" data-testid="confirm-yes" onClick={() => onAnswer(true)} autoFocus>
            Confirm
          </button>
        </div>
      </div>
    </div>
  );
}
