// Runs under `deno run` in a project with wasmlp in node_modules. Deno users take 'wasmlp/node':
// the main entry's csv-parse browser build carries a Buffer polyfill that sets
// Object.prototype.__proto__, which Deno disables (it would need --unsafe-proto).
// The core loads synchronously from dist/wasmlp.wasm (Deno.readFileSync / node:fs).
import * as wasmlp from 'wasmlp/node';
import { trainBanknote } from './train-banknote.js';
import { trainThreads } from './train-threads.js';

const csv = await new Response(Deno.stdin.readable).text();
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, ...(await trainBanknote(wasmlp, csv)), threads: await trainThreads(wasmlp) }));
