import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/**
 * Serves the dashboard app (built with the editor as its own entry, `dashboard.html`) at
 * `/dashboard` and `/dashboard/<page>`, with its scripts under `/dashboard/assets`. The app
 * reads its page from the address and everything else from the API, so one file serves all pages.
 */
export function dashboardAppRoutes(editorDir: string | undefined): Router {
  const router = Router();
  const html = editorDir ? join(editorDir, 'dashboard.html') : undefined;
  if (!editorDir || !html || !existsSync(html)) {
    router.get(['/', '/:page'], (_req, res) => {
      res.status(404).type('text').send('The dashboard app is not built: run `npm run build`.');
    });
    return router;
  }
  router.use('/assets', express.static(join(editorDir, 'assets'), { immutable: true, maxAge: '1y' }));
  router.get(['/', '/:page'], (_req, res) => {
    res.set('cache-control', 'no-cache').sendFile(html);
  });
  return router;
}
