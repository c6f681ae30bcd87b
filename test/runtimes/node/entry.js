// Runs in a plain `node` process inside a project that has wasmlp installed: CSV text on stdin,
// JSON result on stdout.
import * as wasmlp from 'wasmlp';
import { trainBanknote } from './train-banknote.js';
import { trainThreads } from './train-threads.js';

let csv = '';
for await (const chunk of process.stdin) csv += chunk;
console.log(JSON.stringify({ ...(await trainBanknote(wasmlp, csv)), threads: await trainThreads(wasmlp) }));
