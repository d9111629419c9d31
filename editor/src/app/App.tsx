import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { createApiClient } from '../api/api-client.js';
import { EventSocket } from '../api/event-socket.js';
import { readToken } from '../api/token.js';
import { FlowCanvas } from '../canvas/FlowCanvas.js';
import { loadFromServer, onFrame } from '../deploy/run-deploy.js';
import { DraftBanner } from '../drafts/DraftBanner.js';
import { DiffCanvas } from '../history/DiffCanvas.js';
import { Dialogs } from '../layout/Dialogs.js';
import { FlowTabs } from '../layout/FlowTabs.js';
import { Header } from '../layout/Header.js';
import { RemoteChangeBanner } from '../layout/RemoteChangeBanner.js';
import { RightPanel } from '../layout/RightPanel.js';
import { Toasts } from '../layout/Toasts.js';
import { useKeyboardShortcuts } from '../layout/useKeyboardShortcuts.js';
import { Palette } from '../palette/Palette.js';
import { createEditorStore } from '../store/editor-state.js';
import { createRuntimeStore } from '../store/runtime-store.js';
import { createUiStore } from '../store/ui-state.js';
import { useStore } from '../store/useStore.js';
import { ServicesContext, type Services } from './services.js';

function createServices(): Services {
  const token = readToken();
  return {
    editor: createEditorStore(),
    runtime: createRuntimeStore(),
    ui: createUiStore(),
    api: createApiClient({ token }),
    canvas: { current: undefined },
  };
}

/** The editor: loads catalog and flows, keeps the event stream open, lays out the panels. */
export function App() {
  const [services] = useState(createServices);
  useKeyboardShortcuts(services);
  useEffect(() => {
    void loadFromServer(services);
    const socket = new EventSocket({
      token: readToken(),
      onFrame: (frame) => onFrame(services, frame),
      onState: (connection) => services.runtime.set((r) => ({ ...r, connection })),
    });
    socket.open();
    return () => socket.close();
  }, [services]);
  return (
    <ServicesContext.Provider value={services}>
      <ReactFlowProvider>
        <div className="app">
          <Header />
          <RemoteChangeBanner />
          <DraftBanner />
          <div className="workspace">
            <Palette />
            <main className="center">
              <FlowTabs />
              <CanvasArea services={services} />
            </main>
            <RightPanel />
          </div>
          <Toasts />
          <Dialogs />
        </div>
      </ReactFlowProvider>
    </ServicesContext.Provider>
  );
}

function CanvasArea({ services }: { services: Services }) {
  const status = useStore(services.editor, (s) => s.status);
  const error = useStore(services.editor, (s) => s.loadError);
  const diffing = useStore(services.ui, (s) => s.diffView !== undefined);
  useEffect(() => {
    if (status !== 'ready') return;
    // Warm the code editor chunk while idle, so the first function node opens without a wait.
    const warm = () => void import('../properties/CodeField.js');
    if ('requestIdleCallback' in window) {
      const id = window.requestIdleCallback(warm, { timeout: 5_000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = setTimeout(warm, 2_000);
    return () => clearTimeout(id);
  }, [status]);
  if (status === 'ready') return diffing ? <DiffCanvas /> : <FlowCanvas />;
  return (
    <div className="canvas placeholder" data-testid="canvas-loading">
      {status === 'loading' ? (
        <p>Loading flows…</p>
      ) : (
        <div>
          <p className="field-error">Cannot load the flows: {error}</p>
          <button type="button" onClick={() => void loadFromServer(services)}>
            Retry
          </button>
        </div>
      )}
    </div>
  );
}
