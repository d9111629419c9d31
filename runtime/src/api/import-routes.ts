import type { NodeRedImportResponse } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { Router } from 'express';
import { checkFlows } from '../deploy/check-flows.js';
import { convertNodeRedFlows } from '../import/node-red/convert-flows.js';

/**
 * `POST /import/node-red`: body is a Node-RED export (the flows.json array or `{ flows: [...] }`).
 * Answers `NodeRedImportResponse` `{ flows, report }`: the converted flows, ready for the editor
 * to open and deploy (nothing is saved), and the report of placeholders and warnings. Answers
 * 400 `invalid_node_red_export` for a body that is not a Node-RED export. Mount under `/api`
 * behind the token: `app.use('/api', importRoutes({ registry }))`.
 */
export function importRoutes(args: { registry: NodeRegistry }): Router {
  const router = Router();
  router.post('/import/node-red', (req, res) => {
    const result = convertNodeRedFlows(req.body, { catalog: args.registry });
    // Conversion already turns invalid nodes into placeholders; anything left is reported, not hidden.
    const check = checkFlows(result.flows, args.registry);
    if (!check.ok)
      for (const i of check.issues)
        result.report.warnings.push({
          message: `converted flows do not validate at ${i.path.join('.')}: ${i.message}`,
        });
    const body: NodeRedImportResponse = { flows: check.ok ? check.flows : result.flows, report: result.report };
    res.json(body);
  });
  return router;
}
