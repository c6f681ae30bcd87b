// A Cloudflare Worker as a user writes it: the .wasm is imported as a module (workerd, like
// Cloudflare, compiles it ahead and hands over a WebAssembly.Module; compiling bytes at run time
// is forbidden there), and init({ module }) instantiates it. POST Banknote CSV text to train.
import * as wasmlp from 'wasmlp';
import wasmModule from 'wasmlp/wasmlp.wasm';
import { trainBanknote } from './train-banknote.js';

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === '/compile-bytes') {
      // What users hit without init({ module }): can this runtime compile WebAssembly from bytes?
      try {
        await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
        return Response.json({ allowed: true });
      } catch (e) {
        return Response.json({ allowed: false, error: String(e) });
      }
    }
    if (request.method !== 'POST') return new Response('POST Banknote CSV text to train.\n');
    try {
      const csv = await request.text();
      const result = await trainBanknote(wasmlp, csv, { init: { module: wasmModule } });
      return Response.json({ runtime: 'workerd', ...result });
    } catch (e) {
      return new Response(String(e && e.stack ? e.stack : e), { status: 500 });
    }
  },
};
