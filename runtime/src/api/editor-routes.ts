import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/**
 * Serves the built editor from `editorDir` when it has an `index.html`; otherwise a small page
 * explaining that the editor is not built, with links to the API.
 */
export function editorRoutes(editorDir: string | undefined): Router {
  const router = Router();
  if (editorDir && existsSync(join(editorDir, 'index.html'))) {
    router.use(express.static(editorDir, { index: 'index.html' }));
    return router;
  }
  router.get('/', (_req, res) => {
    res.type('html').send(PLACEHOLDER);
  });
  return router;
}

const PLACEHOLDER = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Millwright</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Millwright runtime</h1>
<p>The runtime is running, but the editor is not built. Build it with <code>npm run build -w editor</code> and restart.</p>
<ul>
<li><a href="/api/flows">/api/flows</a>: deployed flows</li>
<li><a href="/api/nodes">/api/nodes</a>: node catalog</li>
<li><a href="/healthz">/healthz</a>: health</li>
<li><a href="/metrics">/metrics</a>: Prometheus metrics</li>
</ul>
</body>
</html>
`;
