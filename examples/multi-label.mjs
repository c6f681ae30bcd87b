// Multi-label (several sigmoid outputs) and why binaryAccuracy flatters it. Each row may carry
// any of 6 rare tags (about 1 in 7 rows has a given tag). binaryAccuracy scores each of the
// 6 x rows decisions on its own, so predicting "no tag, ever" already scores about 86%; subsetAccuracy
// (every tag of a row right) and F1 (of the positive decisions) show what the model really learnt.
// For contrast, examples/iris.mjs: one class per row (softmax), where accuracy means what it says.
//
//   WASMLP_DATA_DIR=../shared/data node examples/multi-label.mjs
import { pathToFileURL } from 'node:url';
import { Dense, SeededRandom, Sequential, binaryAccuracy } from 'wasmlp/node';

/** 1200 rows, 10 features, 6 tags: tag j is on when a fixed random direction of x exceeds a high cut. */
export function makeTagged(seed = 3, rows = 1200, features = 10, tags = 6) {
  const rng = new SeededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const directions = Array.from({ length: tags }, () => Array.from({ length: features }, gauss));
  const x = [], y = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: features }, gauss);
    x.push(row);
    y.push(directions.map((d) => {
      const norm = Math.hypot(...d);
      return row.reduce((s, v, i) => s + v * d[i], 0) / norm > 1.1 ? 1 : 0;
    }));
  }
  return { x, y, tags };
}

const subset = (y, p) => y.filter((row, r) => row.every((v, j) => (p[r][j] > 0.5 ? 1 : 0) === v)).length / y.length;

export async function multiLabel({ epochs = 60, seed = 3, print = console.log } = {}) {
  const { x, y, tags } = makeTagged(seed);
  const cut = Math.floor(x.length * 0.75);
  const model = new Sequential([
    new Dense({ units: 32, activation: 'relu', inputDim: x[0].length }),
    new Dense({ units: tags, activation: 'sigmoid' }),
  ], { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['binaryAccuracy', 'subsetAccuracy', 'f1'] });
  await model.fit(x.slice(0, cut), y.slice(0, cut), { epochs, batchSize: 32 });
  const test = model.evaluate(x.slice(cut), y.slice(cut));
  // The do-nothing baseline: predict no tag for any row.
  const yTest = y.slice(cut);
  const zeros = yTest.map((row) => row.map(() => 0));
  const baseline = { binaryAccuracy: binaryAccuracy(yTest.flat(), zeros.flat()), subsetAccuracy: subset(yTest, zeros), f1: 0 };
  model.dispose();
  print(`multi-label, ${tags} sigmoid outputs, ${yTest.length} test rows (positive rate ${(yTest.flat().reduce((a, b) => a + b) / yTest.flat().length).toFixed(3)})`);
  print('                 binaryAccuracy  subsetAccuracy  f1');
  print(`model            ${test.binaryAccuracy.toFixed(4).padEnd(16)}${test.subsetAccuracy.toFixed(4).padEnd(16)}${test.f1.toFixed(4)}`);
  print(`"never any tag"  ${baseline.binaryAccuracy.toFixed(4).padEnd(16)}${baseline.subsetAccuracy.toFixed(4).padEnd(16)}${baseline.f1.toFixed(4)}`);
  return { model: test, baseline };
}

export const main = multiLabel;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
