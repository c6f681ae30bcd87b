// Browser page, unbundled ES modules: an import map points 'wasmlp' at dist/index.js, and init()
// fetches dist/wasmlp.wasm from beside the module (new URL('../wasmlp.wasm', import.meta.url)).
import * as wasmlp from 'wasmlp';
import { trainBanknote } from './train-banknote.js';

try {
  const csv = await (await fetch('/data/banknote.csv')).text();
  window.__result = { runtime: navigator.userAgent, ...(await trainBanknote(wasmlp, csv)) };
} catch (e) {
  window.__error = String(e && e.stack ? e.stack : e);
}
