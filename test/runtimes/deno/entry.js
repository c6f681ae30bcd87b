// Runs under `deno run` in a project with wasmlp in node_modules, without --unsafe-proto.
// First loadCsvText from the main entry alone, whose parser is csv-parse's browser build (its
// Buffer polyfill needs src/data/csv-buffer-mode.ts there); only then 'wasmlp/node', which swaps
// in csv-parse's Node build for both entries, for training. Hence the dynamic imports, in order.
// The core loads synchronously from dist/wasmlp.wasm (Deno.readFileSync / node:fs).
import { trainBanknote } from './train-banknote.js';
import { trainThreads } from './train-threads.js';

const { loadCsvText } = await import('wasmlp');

/** Quotes, padded cells, text labels and mixed line endings: csv-parse reads it, not the numeric fast path. */
const MAIN_CSV = 'a,b,label\r\n1,"2.5",yes\r\n3, 4 ,"no"\n-5,6e-1,yes\n';

function mainEntryCsv() {
  const ds = loadCsvText(MAIN_CSV, { label: 'label' });
  return { text: MAIN_CSV, rows: ds.x.rows, cols: ds.x.cols, data: Array.from(ds.x.data), y: Array.from(ds.y), classes: ds.classes };
}

const mainCsv = mainEntryCsv();
const wasmlp = await import('wasmlp/node');
const csv = await new Response(Deno.stdin.readable).text();
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, ...(await trainBanknote(wasmlp, csv)), threads: await trainThreads(wasmlp), mainEntryCsv: mainCsv }));
