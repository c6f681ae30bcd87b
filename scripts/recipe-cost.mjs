// The arithmetic floor under the default recipe's 5-fold CV on the shared tables (issue 13):
// counts the multiply-adds of every network it trains (the inner CV's fits of each candidate
// architecture, then the ensemble of the one each fold chose; the rows and epochs autoTraining
// gives them) and divides by what both cores can do at WebAssembly SIMD's peak. No run of the
// recipe that multiplies its matrices densely can be faster than that. The last column is how many
// of a 64-64 member's relu outputs are zero at the end of training: what products that skipped
// zeros could save. Needs `npm run build` first.
//
//   node scripts/recipe-cost.mjs [--tables a,b] [--ghz 3.2] [--cores 2]
//
// Multiply-adds per training row of a dense network with widths w0..wL: forward sum w_i w_i+1,
// the weight gradient the same again, the input gradient of every layer but the first. The peak
// is 16 flop (8 multiply-adds, two f32x4 multiply + add pairs) per cycle per core, as measured on
// this machine (bench/README.md, "roofline"); the GHz default is the clock measured here.
import { TabularClassifier, autoTraining, selectionFolds, RECIPE_DEFAULTS } from '../dist/recipe/tabular-classifier.js';
import { Sequential } from '../dist/model/sequential.js';
import { Dense } from '../dist/layers/dense.js';
import { StratifiedKFold } from '../dist/model-selection/stratified-kfold.js';
import { StandardScaler } from '../dist/preprocessing/standard-scaler.js';
import { TABLES, encodeFold } from '../bench/lib/tables.mjs';

const opts = { tables: Object.keys(TABLES).join(','), ghz: '3.2', cores: '2' };
for (let i = 2; i < process.argv.length; i += 2) opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const peak = Number(opts.cores) * 8 * Number(opts.ghz) * 1e9;

function macsPerRow(widths) {
  let forward = 0, inputGradient = 0;
  for (let i = 0; i + 1 < widths.length; i++) {
    forward += widths[i] * widths[i + 1];
    if (i > 0) inputGradient += widths[i] * widths[i + 1];
  }
  return 2 * forward + inputGradient;
}

/** One network's training: epochs x rows x multiply-adds per row. */
function fitMacs(rows, features, hidden, classes) {
  return autoTraining(rows, RECIPE_DEFAULTS.steps).epochs * rows * macsPerRow([features, ...hidden, classes === 2 ? 1 : classes]);
}

/**
 * Zeros a 64-64 member's relu layers leave on its training rows at the end of training (fold 1),
 * inference mode (dropout adds its rate of zeros while training): what products that skipped
 * zeros could save.
 */
async function reluZeros(f) {
  const clf = new TabularClassifier({ seed: 1, ensemble: 1, hidden: [64, 64] });
  await clf.fit(f.xTrain, f.yTrain);
  const X = new StandardScaler().fit(f.xTrain).transform(f.xTrain);
  const w = clf.members[0].getWeights().map((t) => t.values);
  clf.dispose();
  const shares = [];
  for (const depth of [1, 2]) {
    // The member's first `depth` Dense layers (its Dropout layers pass values through in inference).
    const head = new Sequential(Array.from({ length: depth }, (_, l) => new Dense({ units: 64, activation: 'relu', ...(l === 0 ? { inputDim: X.cols } : {}) })));
    head.setWeights(w.slice(0, 2 * depth));
    const h = head.predict(X).data;
    head.dispose();
    shares.push(`${Math.round((100 * h.filter((v) => v === 0).length) / h.length)}%`);
  }
  return shares.join(', ');
}

console.log(`| table | multiply-adds (G) | floor on ${opts.cores} cores at ${opts.ghz} GHz | architecture chosen per fold | relu zeros, 64-64 member, layers 1, 2 |`);
console.log('| --- | ---: | ---: | --- | --- |');
for (const name of opts.tables.split(',')) {
  const table = TABLES[name]();
  const ids = Int32Array.from(table.y);
  const classes = new Set(table.y).size;
  let total = 0;
  const chosen = [];
  let zeros = '';
  for (const { train, test } of new StratifiedKFold({ nSplits: 5, shuffle: true, seed: 1 }).split({ length: ids.length }, ids)) {
    const f = encodeFold(table, Array.from(train), Array.from(test));
    if (!zeros) zeros = await reluZeros(f);
    const clf = new TabularClassifier({ seed: 1 });
    await clf.fit(f.xTrain, f.yTrain); // for the architecture the fold chose
    const { candidates, chosen: c } = clf.selection;
    clf.dispose();
    // The inner folds TabularClassifier's selection fitted on.
    for (const { train: rows } of selectionFolds(Int32Array.from(f.yTrain), 1, RECIPE_DEFAULTS.selectFolds)) {
      for (const hidden of candidates) total += fitMacs(rows.length, f.xTrain.cols, hidden, classes);
    }
    total += RECIPE_DEFAULTS.ensemble * fitMacs(f.xTrain.rows, f.xTrain.cols, candidates[c], classes);
    chosen.push(candidates[c].join('-') || 'linear');
  }
  console.log(`| ${name} | ${(total / 1e9).toFixed(1)} | ${(total / peak).toFixed(2)} s | ${chosen.join(', ')} | ${zeros} |`);
}
