// Browser page built by `vite build` with no wasmlp-specific configuration: Vite follows
// new URL('../wasmlp.wasm', import.meta.url) inside the package and emits the file as an asset.
import * as wasmlp from 'wasmlp';
import { trainBanknote } from './train-banknote.js';

try {
  const csv = await (await fetch('/data/banknote.csv')).text();
  window.__result = { runtime: navigator.userAgent, ...(await trainBanknote(wasmlp, csv)) };
} catch (e) {
  window.__error = String(e && e.stack ? e.stack : e);
}
