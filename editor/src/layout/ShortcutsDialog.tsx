import { useServices } from '../app/useServices.js';
import { openDialog } from '../store/ui-state.js';
import { Dialog } from './Dialog.js';
import { SHORTCUTS } from './useKeyboardShortcuts.js';

export function ShortcutsDialog() {
  const { ui } = useServices();
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => openDialog(ui, undefined)} testId="shortcuts-dialog">
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
