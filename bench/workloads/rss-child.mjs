// Child process of the RSS workload: loadCsv(file) + one epoch of a 50-64-32-1 network, then its
// own peak resident memory (maxRSS) and the float32 size of the features, as JSON on stdout.
import { Dense, Sequential, init } from '../../dist/index.js';
import { loadCsv } from '../../dist/node.js';

const [file, threadsArg] = process.argv.slice(2);
await init({ threads: threadsArg === 'auto' ? 'auto' : Number(threadsArg) });
const t0 = performance.now();
const data = await loadCsv(file);
const loadMs = performance.now() - t0;
const model = new Sequential([
  new Dense({ units: 64, activation: 'relu', inputDim: data.x.cols }),
  new Dense({ units: 32, activation: 'relu' }),
  new Dense({ units: 1, activation: 'sigmoid' }),
], { seed: 1 });
model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.001 } });
const t1 = performance.now();
await model.fit(data.x, data.y, { epochs: 1, batchSize: 256 });
const epochMs = performance.now() - t1;
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ rows: data.x.rows, cols: data.x.cols, dataBytes: data.x.rows * data.x.cols * 4, maxRssBytes, loadMs, epochMs }));
process.exit(0);
