// A Vercel Edge Function as a user writes it: the .wasm is imported with '?module', which Vercel
// turns into a precompiled WebAssembly.Module (the Edge runtime forbids compiling bytes), and
// init({ module }) instantiates it. POST Banknote CSV text to train.
import * as wasmlp from 'wasmlp';
import wasmModule from 'wasmlp/wasmlp.wasm?module';
import { trainBanknote } from './train-banknote.js';

async function handle(request) {
  if (request.method !== 'POST') return new Response('POST Banknote CSV text to train.\n');
  try {
    const csv = await request.text();
    const result = await trainBanknote(wasmlp, csv, { init: { module: wasmModule } });
    return Response.json({ runtime: typeof EdgeRuntime === 'string' ? EdgeRuntime : 'edge?', ...result });
  } catch (e) {
    return new Response(String(e && e.stack ? e.stack : e), { status: 500 });
  }
}

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));
