// Browser page bundled by esbuild as an application would be: the .wasm is imported with
// esbuild's `file` loader, which copies it beside the bundle and gives its URL to init({ url }).
import * as wasmlp from 'wasmlp';
import wasmUrl from 'wasmlp/wasmlp.wasm';
import { trainBanknote } from './train-banknote.js';

try {
  const csv = await (await fetch('/data/banknote.csv')).text();
  window.__result = { runtime: navigator.userAgent, ...(await trainBanknote(wasmlp, csv, { init: { url: wasmUrl } })) };
} catch (e) {
  window.__error = String(e && e.stack ? e.stack : e);
}
