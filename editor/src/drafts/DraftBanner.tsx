import { useEffect, useState } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { documentDiff } from '../deploy/useDocumentDiff.js';
import { diffDocument } from '../store/diff.js';
import { edit } from '../store/editor-state.js';
import { toast } from '../store/ui-state.js';
import { clearDraft, draftKey, readDraft, saveDraft, type Draft } from './drafts.js';

/** Undeployed edits are saved this long after the last change (and when the page is left). */
const SAVE_DELAY_MS = 300;

/** The runtime this editor talks to: its origin and base path. */
function runtimeId(): string {
  return `${window.location.origin}${window.location.pathname.replace(/[^/]*$/, '')}`;
}

/**
 * Keeps undeployed edits in the browser (per runtime and user): offers to restore them after a
 * reload, saves them as they are made, and warns before the page is left with edits not deployed.
 */
export function DraftBanner() {
  const services = useServices();
  const status = useEditor((s) => s.status);
  const [key, setKey] = useState<string>();
  // undefined: not looked yet; null: looked, nothing to offer.
  const [offer, setOffer] = useState<Draft | null>();

  useEffect(() => {
    let live = true;
    services.api.me().then(
      (me) => live && setKey(draftKey(runtimeId(), me.username)),
      () => live && setKey(draftKey(runtimeId(), 'anonymous')),
    );
    return () => {
      live = false;
    };
  }, [services]);

  useEffect(() => {
    if (!key || status !== 'ready' || offer !== undefined) return;
    const draft = readDraft(localStorage, key);
    const differs = draft && diffDocument(draft.flows, services.editor.get().deployed.flows).dirty;
    if (draft && !differs) clearDraft(localStorage, key);
    setOffer(differs ? draft : null);
  }, [key, status, offer, services]);

  // Saving starts once the stored draft has been offered and answered, never over it.
  const saving = key !== undefined && offer === null;
  useEffect(() => {
    if (!saving) return;
    let warned = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      clearTimeout(timer);
      const st = services.editor.get();
      if (st.status !== 'ready') return;
      if (!documentDiff(st).dirty) return clearDraft(localStorage, key);
      const ok = saveDraft(localStorage, key, {
        baseRevision: st.deployed.revision,
        flows: st.flows,
        savedAt: Date.now(),
      });
      if (!ok && !warned) {
        warned = true;
        toast(
          services.ui,
          'error',
          'The browser refused to keep a draft (storage full): deploy or export to keep edits.',
        );
      }
    };
    const unsubscribe = services.editor.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY_MS);
    });
    const onLeave = (e: BeforeUnloadEvent) => {
      save();
      if (documentDiff(services.editor.get()).dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      window.removeEventListener('beforeunload', onLeave);
    };
  }, [saving, key, services]);

  if (!offer || !key) return null;
  const deployedRevision = services.editor.get().deployed.revision;
  const when = new Date(offer.savedAt).toLocaleString();
  return (
    <div className="banner warn" data-testid="draft-banner">
      Undeployed changes from {when} were kept in this browser.
      {offer.baseRevision !== deployedRevision && ' The runtime has been deployed since; check before deploying.'}
      <button
        type="button"
        data-testid="draft-restore"
        onClick={() => {
          services.editor.set((s) => edit(s, { type: 'replace-flows', flows: offer.flows }));
          setOffer(null);
        }}
      >
        Restore
      </button>
      <button
        type="button"
        className="link"
        data-testid="draft-discard"
        onClick={() => {
          clearDraft(localStorage, key);
          setOffer(null);
        }}
      >
        Discard
      </button>
    </div>
  );
}
