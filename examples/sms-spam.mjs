// SMS spam, text in: the SMS column vectorized with TF-IDF (4096 terms, sublinear tf) fitted on
// each fold's training texts only, then a 64-unit network fed the sparse rows; stratified 5-fold
// CV. Then a verdict on two new messages from the model trained on every row.
//
//   WASMLP_DATA_DIR=../shared/data node examples/sms-spam.mjs
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Dense, KerasClassifier, Sequential, StratifiedKFold, loadTable, splitLabel } from 'wasmlp/node';
import { TfidfVectorizer } from 'wasmlp/text';

function build({ nFeatures, seed }) {
  const model = new Sequential([new Dense({ units: 64, activation: 'relu', inputDim: nFeatures }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  model.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 }, metrics: ['accuracy'] });
  return model;
}

const classifier = (seed) => new KerasClassifier({ build, epochs: 5, batchSize: 128, seed });
const vectorizer = () => new TfidfVectorizer({ maxFeatures: 4096, sublinearTf: true });

export const NEW_MESSAGES = ['WINNER!! You have been selected to receive a £900 prize reward. Call 09061701461 to claim now', 'Are we still meeting for lunch at 1? I can pick you up'];

export async function main({ print = console.log, folds = 5 } = {}) {
  const dir = process.env.WASMLP_DATA_DIR ?? new URL('../../shared/data', import.meta.url).pathname;
  const { x, y, classes } = splitLabel(await loadTable(join(dir, 'sms_spam.tsv')), 'Label');
  const texts = x.columns.find((c) => c.name === 'SMS').values;
  const scores = [];
  const t0 = performance.now();
  let k = 0;
  for (const { train, test } of new StratifiedKFold({ nSplits: folds, shuffle: true, seed: 1 }).split({ data: new Float32Array(y.length), rows: y.length, cols: 1 }, y)) {
    const tfidf = vectorizer();
    const xTrain = tfidf.fitTransform(Array.from(train, (i) => texts[i])); // learnt from this fold's training texts only
    const clf = classifier(++k);
    await clf.fit(xTrain, Int32Array.from(train, (i) => y[i]));
    scores.push(clf.score(tfidf.transform(Array.from(test, (i) => texts[i])), Int32Array.from(test, (i) => y[i])));
    clf.dispose();
  }
  const seconds = (performance.now() - t0) / 1000;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  print(`SMS spam, TF-IDF -> 64 -> 1, ${folds}-fold CV: ${(100 * mean).toFixed(2)}% (${scores.map((s) => (100 * s).toFixed(1)).join(', ')}) in ${seconds.toFixed(1)} s`);

  const tfidf = vectorizer();
  const clf = classifier(0);
  await clf.fit(tfidf.fitTransform(texts), y);
  const verdicts = Array.from(clf.predict(tfidf.transform(NEW_MESSAGES)), (c) => classes[c]);
  NEW_MESSAGES.forEach((m, i) => print(`${verdicts[i].padEnd(4)} ${m}`));
  clf.dispose();
  return { scores, mean, seconds, verdicts };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
