import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { loadFromServer } from '../deploy/run-deploy.js';

/** Warns as soon as another session deploys, before a deploy from here runs into the conflict. */
export function RemoteChangeBanner() {
  const services = useServices();
  const remote = useEditor((s) => s.remoteRevision);
  if (!remote) return null;
  return (
    <div className="banner warn" data-testid="remote-change-banner">
      The flows on the runtime were changed by another session. Your next deploy will ask before overwriting them.
      <button type="button" onClick={() => void loadFromServer(services)}>
        Reload server flows
      </button>
      <button
        type="button"
        className="link"
        onClick={() => services.editor.set((s) => ({ ...s, remoteRevision: undefined }))}
      >
        Dismiss
      </button>
    </div>
  );
}
