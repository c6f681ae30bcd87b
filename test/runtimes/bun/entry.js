// Runs under `bun` in a project with wasmlp in node_modules; the core loads from the file next
// to the package through process.getBuiltinModule('node:fs').
import * as wasmlp from 'wasmlp';
import { trainBanknote } from './train-banknote.js';
import { trainThreads } from './train-threads.js';

const csv = await Bun.stdin.text();
console.log(JSON.stringify({ runtime: `bun ${Bun.version}`, ...(await trainBanknote(wasmlp, csv)), threads: await trainThreads(wasmlp) }));
