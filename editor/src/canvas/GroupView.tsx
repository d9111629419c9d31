import type { NodeProps } from '@xyflow/react';
import { memo, useCallback } from 'react';
import { useServices } from '../app/useServices.js';
import { select } from '../store/editor-state.js';
import type { GroupRfNode } from './rf-types.js';

/** A group box behind its members; clicking the title selects the members (to move or copy them). */
function GroupViewImpl({ data }: NodeProps<GroupRfNode>) {
  const { editor } = useServices();
  const onClick = useCallback(() => editor.set((s) => select(s, data.members)), [editor, data.members]);
  const color = data.group.color ?? '#3b82f6';
  return (
    <div
      className="mw-group"
      style={{ borderColor: color, background: `${color}14` }}
      data-testid={`group-${data.group.id}`}
    >
      <button type="button" className="mw-group-title nodrag" style={{ color }} onClick={onClick}>
        {data.group.name || 'Group'}
      </button>
    </div>
  );
}

export const GroupView = memo(GroupViewImpl);
