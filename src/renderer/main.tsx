// Installs React Fast Refresh from a module instead of the inline <script> the React plugin
// injects in dev, which our CSP (script-src 'self') blocks. Empty in production builds.
import '@vitejs/plugin-react/preamble';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root element missing from index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
