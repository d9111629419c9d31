import type { PromoteResult, SnapshotMeta } from '@millwright/model';
import { useState } from 'react';
import { ApiError } from '../api/api-client.js';
import { useServices } from '../app/useServices.js';
import { Dialog } from '../layout/Dialog.js';
import { openDialog } from '../store/ui-state.js';
import { shortRevision, snapshotTitle } from './snapshot-text.js';

const TARGET_KEY = 'millwright.promoteTarget';

/**
 * Promotes a snapshot to another runtime through this one (`POST /api/snapshots/:id/promote`,
 * admin): deployed there only when the target has the credential keys the flows use and the
 * snapshot's flow tests pass on it. The answer stays in the dialog: the target's new revision,
 * or why it was refused, with the failing test cases as `millwright test` prints them.
 */
export function PromoteDialog({ snapshot }: { snapshot: SnapshotMeta }) {
  const { api, ui } = useServices();
  const [target, setTarget] = useState(() => localStorage.getItem(TARGET_KEY) ?? '');
  const [token, setToken] = useState('');
  const [allowUntested, setAllowUntested] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PromoteResult>();
  const [error, setError] = useState<string>();
  const close = () => openDialog(ui, undefined);
  const promote = async () => {
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    localStorage.setItem(TARGET_KEY, target.trim());
    try {
      setResult(
        await api.promote(snapshot.id, {
          target: target.trim(),
          ...(token ? { token } : {}),
          ...(allowUntested ? { allowUntested } : {}),
        }),
      );
    } catch (err) {
      setError(
        err instanceof ApiError ? `${err.body.message}${err.body.hint ? ` (${err.body.hint})` : ''}` : String(err),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Promote to another runtime" onClose={close} testId="promote-dialog" wide>
      <p>
        Deploy <strong>{snapshotTitle(snapshot)}</strong> ({shortRevision(snapshot.revision)}) to another runtime, only
        if its flow tests pass there and the target has the credentials the flows use. Environment values and
        credentials stay the target&apos;s own.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void promote();
        }}
      >
        <label className="stacked">
          Target runtime URL
          <input
            autoFocus
            required
            type="url"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            placeholder="http://line3:1880"
            data-testid="promote-target"
          />
        </label>
        <label className="stacked">
          Token of the target (editor role; used once, never stored)
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} data-testid="promote-token" />
        </label>
        <label>
          <input
            type="checkbox"
            checked={allowUntested}
            onChange={(e) => setAllowUntested(e.target.checked)}
            data-testid="promote-allow-untested"
          />{' '}
          Promote even without flow tests
        </label>
        {result && <PromoteOutcome result={result} />}
        {error && (
          <p className="field-error" data-testid="promote-error">
            {error}
          </p>
        )}
        <div className="button-row end">
          <button type="button" onClick={close}>
            Close
          </button>
          <button type="submit" className="primary" disabled={busy || !target.trim()} data-testid="promote-submit">
            {busy ? 'Running the tests on the target…' : 'Promote'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function PromoteOutcome({ result }: { result: PromoteResult }) {
  const tests = result.tests ? `${result.tests.passed} test(s) passed, ${result.tests.failed} failed` : undefined;
  if (result.promoted)
    return (
      <p className="promote-ok" data-testid="promote-result" data-promoted="true">
        Promoted to {result.target}: revision {result.revision}
        {tests ? ` (${tests})` : ''}.
      </p>
    );
  return (
    <div className="field-error" data-testid="promote-result" data-promoted="false">
      <p>Refused, nothing was deployed: {result.reason}</p>
      {!!result.missingCredentials?.length && <p>Missing on the target: {result.missingCredentials.join(', ')}</p>}
      {!!result.report?.length && <pre className="promote-report">{result.report.join('\n')}</pre>}
    </div>
  );
}
