import { useUi } from '../app/useUi.js';
import { ConflictDialog } from '../deploy/ConflictDialog.js';
import { ExportDialog } from '../io/ExportDialog.js';
import { ImportDialog } from '../io/ImportDialog.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';
import { TokenDialog } from './TokenDialog.js';

/** The one open dialog, if any. */
export function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  switch (dialog?.kind) {
    case 'import':
      return <ImportDialog />;
    case 'export':
      return <ExportDialog />;
    case 'conflict':
      return <ConflictDialog mode={dialog.mode} />;
    case 'token':
      return <TokenDialog reason={dialog.reason} />;
    case 'shortcuts':
      return <ShortcutsDialog />;
    default:
      return null;
  }
}
