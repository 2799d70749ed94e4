// Must stay the first import: it fixes navigator.language before any library reads it.
import './lib/localeGuard';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

async function start(): Promise<void> {
  // Preview without the Rust core: `npm run dev` and open /?mock. Never part of a production build.
  if (import.meta.env.DEV && location.search.includes('mock')) {
    const { installMock } = await import('../dev/mock');
    installMock(new URLSearchParams(location.search).get('mock') ?? '');
  }
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html must contain #app');
  mount(App, { target });
}

void start();
