import { javascript } from '@codemirror/lang-javascript';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef, useState } from 'react';
import type { InputProps } from './fields/field-types.js';

/**
 * A CodeMirror editor for `widget: 'code'` fields (function bodies). Every edit is stored; outside
 * changes (undo, another node selected) replace the document without resetting the view otherwise.
 * "Expand" shows the same editor over the whole window (Esc or the button returns), so long code is
 * not written in a 340 px column.
 */
export default function CodeField(p: InputProps & { language?: string | undefined }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const onChange = useRef(p.onChange);
  onChange.current = p.onChange;
  const [expanded, setExpanded] = useState(false);
  const text = typeof p.value === 'string' ? p.value : typeof p.schema.default === 'string' ? p.schema.default : '';

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      doc: text,
      extensions: [
        basicSetup,
        p.language === undefined || /^(js|javascript|typescript|ts)$/i.test(p.language) ? javascript() : [],
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange.current(u.state.doc.toString());
        }),
        EditorView.theme({ '&': { fontSize: '12.5px' }, '.cm-scroller': { fontFamily: 'var(--mono)' } }),
      ],
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = undefined;
    };
    // The editor is created once per field; `text` updates flow in through the effect below.
  }, [p.language]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== text)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
  }, [text]);

  useEffect(() => {
    view.current?.requestMeasure();
    if (expanded) view.current?.focus();
  }, [expanded]);

  return (
    <div
      className={`code-field-frame ${expanded ? 'expanded' : ''}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && expanded) {
          e.stopPropagation();
          setExpanded(false);
        }
      }}
    >
      <button
        type="button"
        className="code-expand"
        onClick={() => setExpanded(!expanded)}
        title={expanded ? 'Back to the panel (Esc)' : 'Edit in a full-size editor'}
        data-testid={`expand-${p.id}`}
      >
        {expanded ? 'Done' : '⤢ Expand'}
      </button>
      <div className="code-field" ref={host} data-testid={`field-${p.id}`} id={`input-${p.id}`} />
    </div>
  );
}
