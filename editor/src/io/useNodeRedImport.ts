import type { NodeRedImportResponse } from '@millwright/model';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-client.js';
import { useServices } from '../app/useServices.js';

/** Where the conversion of a Node-RED export stands. */
export type NodeRedConversion =
  { state: 'converting' } | { state: 'done'; result: NodeRedImportResponse } | { state: 'failed'; error: string };

/**
 * Converts a Node-RED export with the runtime (`POST /api/import/node-red`) whenever `exported`
 * changes; undefined while there is nothing to convert. A newer export discards the answer to an
 * older one, so typing in the box never shows a stale report.
 */
export function useNodeRedImport(exported: unknown[] | undefined): NodeRedConversion | undefined {
  const { api } = useServices();
  const [conversion, setConversion] = useState<NodeRedConversion>();
  useEffect(() => {
    if (!exported) {
      setConversion(undefined);
      return;
    }
    let current = true;
    setConversion({ state: 'converting' });
    api.importNodeRed(exported).then(
      (result) => current && setConversion({ state: 'done', result }),
      (err: unknown) =>
        current &&
        setConversion({
          state: 'failed',
          error: err instanceof ApiError ? err.body.message : `conversion failed: ${String(err)}`,
        }),
    );
    return () => {
      current = false;
    };
  }, [api, exported]);
  return conversion;
}
