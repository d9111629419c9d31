import { lazy, Suspense } from 'react';
import { useUi } from '../app/useUi.js';
import { FleetDialog } from '../cluster/FleetDialog.js';
import { ConflictDialog } from '../deploy/ConflictDialog.js';
import { DeployMessageDialog } from '../deploy/DeployMessageDialog.js';
import { PromoteDialog } from '../history/PromoteDialog.js';
import { RollbackDialog } from '../history/RollbackDialog.js';
import { ExportDialog } from '../io/ExportDialog.js';
import { QueuesDialog } from '../queues/QueuesDialog.js';
import { QuickAddDialog } from '../search/QuickAddDialog.js';
import { SearchDialog } from '../search/SearchDialog.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';
import { TokenDialog } from './TokenDialog.js';

// Import parses and validates flows with the model's zod schemas: loaded when first opened.
const ImportDialog = lazy(() => import('../io/ImportDialog.js').then((m) => ({ default: m.ImportDialog })));

/** The one open dialog, if any. */
export function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  switch (dialog?.kind) {
    case 'import':
      return (
        <Suspense fallback={null}>
          <ImportDialog />
        </Suspense>
      );
    case 'export':
      return <ExportDialog />;
    case 'conflict':
      return <ConflictDialog mode={dialog.mode} message={dialog.message} />;
    case 'deploy-message':
      return <DeployMessageDialog />;
    case 'rollback':
      return <RollbackDialog snapshot={dialog.snapshot} />;
    case 'promote':
      return <PromoteDialog snapshot={dialog.snapshot} />;
    case 'token':
      return <TokenDialog reason={dialog.reason} />;
    case 'shortcuts':
      return <ShortcutsDialog />;
    case 'search':
      return <SearchDialog />;
    case 'quick-add':
      return <QuickAddDialog at={dialog.at} initial={dialog.initial} />;
    case 'queues':
      return <QueuesDialog />;
    case 'fleet':
      return <FleetDialog />;
    default:
      return null;
  }
}
