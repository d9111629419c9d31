import { showValue } from '@millwright/model';
import { useState } from 'react';
import { resolveConflicts, type ConflictSide, type openConflicts } from './merge-conflicts.js';

const SIDE_TEXT: Record<ConflictSide, string> = { ours: 'Ours', theirs: 'Theirs', base: 'Base' };

/**
 * The open conflicts of a flow file merged by `millwright merge-driver`, resolved field by field:
 * pick ours, theirs or the base for each; "Apply" writes the choices into the file (the import
 * text), which imports once no conflict is left.
 */
export function MergeConflicts({
  merge,
  onApply,
}: {
  merge: NonNullable<ReturnType<typeof openConflicts>>;
  onApply: (text: string) => void;
}) {
  const [choices, setChoices] = useState<ReadonlyMap<number, ConflictSide>>(new Map());
  const choose = (index: number, side: ConflictSide) => setChoices((c) => new Map(c).set(index, side));
  const n = merge.conflicts.length;
  return (
    <div className="merge-conflicts" data-testid="merge-conflicts">
      <p>
        This flow file was merged by git with {n} conflict{n === 1 ? '' : 's'} left: both branches changed the same
        thing. Choose the value to keep for each ({choices.size} of {n} chosen); ours is in the file until then.
      </p>
      {merge.conflicts.map(({ index, conflict, sides }) => (
        <fieldset key={index} className="merge-conflict" data-testid="merge-conflict" data-path={conflict.pathString}>
          <legend>
            <code>{conflict.pathString}</code>
          </legend>
          {sides.map((side) => {
            const value = conflict[side];
            return (
              <label key={side} className="merge-side">
                <input
                  type="radio"
                  name={`conflict-${index}`}
                  checked={choices.get(index) === side}
                  onChange={() => choose(index, side)}
                  data-testid={`merge-pick-${side}`}
                />{' '}
                {SIDE_TEXT[side]}:{' '}
                {value === undefined ? (
                  <em className="muted">none (remove)</em>
                ) : (
                  <code className="merge-value">{showValue(value, 160)}</code>
                )}
              </label>
            );
          })}
        </fieldset>
      ))}
      <div className="button-row end">
        <button
          type="button"
          disabled={!choices.size}
          onClick={() => onApply(resolveConflicts(merge.file, choices))}
          data-testid="merge-apply"
        >
          Apply {choices.size} choice{choices.size === 1 ? '' : 's'}
        </button>
      </div>
    </div>
  );
}
