import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, Sequential, setWarningHandler } from '../../src/index.js';
import { KFold } from '../../src/model-selection/kfold.js';
import { KerasClassifier } from '../../src/model-selection/classifier.js';
import { Pipeline } from '../../src/model-selection/pipeline.js';
import { crossValidate } from '../../src/model-selection/cross-validate.js';
import { table } from '../../src/data/table.js';
import { TfidfVectorizer } from '../../src/text/index.js';
import { loadSms } from './sms.js';

beforeAll(() => setWarningHandler(null));

function build({ nFeatures, seed }: { nFeatures: number; seed: number }) {
  const m = new Sequential([new Dense({ units: 16, activation: 'relu', inputDim: nFeatures }), new Dense({ units: 1, activation: 'sigmoid' })], { seed });
  m.compile({ loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.01 } });
  return m;
}

describe('a Pipeline starting with a TfidfVectorizer', () => {
  it('fits the vocabulary inside each fold: a word only in a fold\'s held-out rows never reaches it', async () => {
    const { texts, labels } = loadSms();
    const n = 600;
    const sms = texts.slice(0, n);
    // One marker word per fold, in one row of that fold's (contiguous, unshuffled) test part.
    const marker = (k: number) => `zzmarker${k}`;
    for (let k = 0; k < 3; k++) sms[k * 200 + 7] += ` ${marker(k)}`;
    const x = table([{ name: 'sms', type: 'string', values: sms }]);
    const pipe = new Pipeline([new TfidfVectorizer({ sublinearTf: true }), new KerasClassifier({ build, epochs: 3, batchSize: 64, seed: 1 })]);
    const seen: { fold: number; has: boolean[] }[] = [];
    const r = await crossValidate(pipe, x, labels.slice(0, n), {
      cv: new KFold({ nSplits: 3 }),
      onFold: ({ phase, fold, estimator }) => {
        if (phase !== 'end') return;
        const vocabulary = ((estimator as Pipeline).steps[0].step as TfidfVectorizer).vocabulary;
        seen.push({ fold, has: [0, 1, 2].map((k) => vocabulary.has(marker(k))) });
      },
    });
    expect(seen.map((s) => s.fold)).toEqual([0, 1, 2]);
    for (const { fold, has } of seen) expect(has).toEqual([0, 1, 2].map((k) => k !== fold));
    for (const a of r.testScores.accuracy) expect(a).toBeGreaterThan(0.85);
  });

  it('saves and restores with its vocabulary and idf: the same probabilities on raw texts', async () => {
    const { texts, labels } = loadSms();
    const x = table([{ name: 'sms', type: 'string', values: texts.slice(0, 400) }]);
    const pipe = new Pipeline([new TfidfVectorizer(), new KerasClassifier({ build, epochs: 2, batchSize: 64, seed: 3 })]);
    await pipe.fit(x, labels.slice(0, 400));
    const back = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipe.toJSON())), { build });
    const raw = table([{ name: 'sms', type: 'string', values: ['FREE entry: call now to claim your prize', 'ok see you later', null] }]);
    expect(Array.from(back.predictProba(raw).data)).toEqual(Array.from(pipe.predictProba(raw).data));
  });
});
