import '../styles/charts.css';
import './dashboard.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readToken } from '../api/token.js';
import { DashboardPage } from './DashboardPage.js';
import { PageList } from './PageList.js';

// Served at /dashboard/<page>: the page is the last path segment; ?kiosk=1 hides the chrome,
// ?theme=light|dark overrides the page's theme, ?token= signs in (moved to session storage).
const params = new URLSearchParams(window.location.search);
const path = /\/dashboard\/([^/?#]+)/.exec(window.location.pathname)?.[1];
const token = readToken();
const root = document.getElementById('root');
if (!root) throw new Error('dashboard.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {path ? (
      <DashboardPage
        path={decodeURIComponent(path)}
        token={token}
        kiosk={params.get('kiosk') === '1'}
        theme={params.get('theme')}
      />
    ) : (
      <PageList token={token} />
    )}
  </StrictMode>,
);
