import '@xyflow/react/dist/base.css';
import './styles/base.css';
import './styles/header.css';
import './styles/sidebars.css';
import './styles/properties.css';
import './styles/debug.css';
import './styles/dialogs.css';
import './styles/canvas.css';
import './styles/charts.css';
import './styles/history.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
