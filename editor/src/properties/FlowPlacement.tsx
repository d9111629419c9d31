import type { Flow } from '@millwright/model';
import { useState } from 'react';
import { formatLabels, parseLabelsText, toPlacement } from '../cluster/cluster-view.js';

/**
 * The flow's cluster placement: `once` (one runtime at a time, the default) or `all`, on the
 * runtimes whose labels match. Labels are typed as `k=v, k=v` and saved while the text is valid;
 * an invalid text stays in the field with its error and is not saved.
 */
export function FlowPlacement({
  flow,
  onChange,
}: {
  flow: Flow;
  onChange: (placement: Flow['placement'] | null) => void;
}) {
  const mode = flow.placement?.mode ?? 'once';
  const labels = flow.placement?.labels ?? {};
  // The text being typed; undefined shows the stored labels (after blur, undo, another flow).
  const [draft, setDraft] = useState<string>();
  const parsed = draft !== undefined ? parseLabelsText(draft) : undefined;
  const error = parsed && !parsed.ok ? parsed.error : undefined;
  return (
    <>
      <h4 title="Where the flow runs when the runtime is in a cluster (--cluster); ignored on a single runtime.">
        Placement
      </h4>
      <div className="field">
        <label
          className="field-label"
          htmlFor="flow-placement-mode"
          title="Once: exactly one matching runtime runs the flow, another takes over when it dies (OPC UA subscriptions, schedules, file watch). All: every matching runtime runs it (stateless flows: an HTTP API, MQTT shared subscriptions)."
        >
          Runs
        </label>
        <select
          id="flow-placement-mode"
          data-testid="flow-placement-mode"
          value={mode}
          onChange={(e) => onChange(toPlacement(e.target.value === 'all' ? 'all' : 'once', labels))}
        >
          <option value="once">Once: on one matching runtime</option>
          <option value="all">All: on every matching runtime</option>
        </select>
      </div>
      <div className={`field ${error ? 'has-error' : ''}`}>
        <label
          className="field-label"
          htmlFor="flow-placement-labels"
          title="The runtime labels (--labels) the flow needs, all of them: e.g. site=lyon, line=1. Empty: any runtime."
        >
          Runtime labels
        </label>
        <input
          id="flow-placement-labels"
          data-testid="flow-placement-labels"
          placeholder="any runtime, e.g. site=lyon, line=1"
          value={draft ?? formatLabels(labels)}
          aria-invalid={error !== undefined}
          onChange={(e) => {
            const text = e.target.value;
            setDraft(text);
            const next = parseLabelsText(text);
            if (next.ok) onChange(toPlacement(mode, next.labels));
          }}
          onBlur={() => {
            if (parsed?.ok !== false) setDraft(undefined);
          }}
        />
        {error && (
          <div className="field-error" role="alert" data-testid="flow-placement-error">
            {error}
          </div>
        )}
      </div>
    </>
  );
}
