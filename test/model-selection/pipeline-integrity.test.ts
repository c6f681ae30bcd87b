import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromObjects } from '../../src/data/table-objects.js';
import { TableTransformer } from '../../src/preprocessing/table-transformer.js';
import { KerasClassifier } from '../../src/model-selection/classifier.js';
import { Pipeline, pipelineIntegrity, type PipelineJSON } from '../../src/model-selection/pipeline.js';
import { setWarningHandler } from '../../src/warnings.js';
import { buildMlp, type MlpParams } from './builders.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/** A saved table pipeline carries its whole preprocessing, and any edit to it is refused (issue 12 item 6). */
const rows = Array.from({ length: 40 }, (_, i) => ({ age: i % 5 === 0 ? null : 20 + (i * 7) % 40, embarked: ['S', 'C', 'Q'][i % 3], fare: (i * 13) % 50 }));
const y = Int32Array.from(rows, (r, i) => ((r.age ?? 30) > 35 || i % 7 === 0 ? 1 : 0));
let pipe: Pipeline;
let saved: PipelineJSON;

beforeAll(async () => {
  setWarningHandler(() => {});
  pipe = new Pipeline([new TableTransformer(), new KerasClassifier<MlpParams>({ build: buildMlp, params: { hidden: [4] }, epochs: 3, batchSize: 8, seed: 2 })]);
  await pipe.fit(tableFromObjects(rows), y);
  pipe.metadata = { classNames: ['died', 'survived'], decisionThreshold: 0.5 };
  saved = JSON.parse(JSON.stringify(pipe.toJSON()));
});
afterAll(() => { pipe.dispose(); setWarningHandler(null); });

const edited = (change: (j: any) => void, resign = false): PipelineJSON => {
  const j = structuredClone(saved) as any;
  change(j);
  if (resign) j.integrity = pipelineIntegrity(j);
  return j;
};
const table = (j: any) => j.steps[0].json.state.encoder.state;

describe('saved table pipelines', () => {
  it('predict on raw objects after save/load equals the original, with an unseen category and missing cells', () => {
    const loaded = Pipeline.fromJSON(JSON.stringify(saved), { build: buildMlp });
    const raw = [{ age: '', embarked: 'X', fare: 7 }, { age: 44, embarked: 'S', fare: null }, { embarked: 'C', fare: '12', age: 30 }];
    expect(Array.from(loaded.predictProba(raw).data)).toEqual(Array.from(pipe.predictProba(raw).data));
    expect(loaded.metadata).toEqual({ classNames: ['died', 'survived'], decisionThreshold: 0.5 });
    loaded.dispose();
  });

  it('refuses an edited scaler mean, imputer fill or category list, a deleted step, swapped classes', async () => {
    const cases: [string, (j: any) => void][] = [
      ['scaler mean', (j) => { table(j).parts[0].steps[1].state.mean[0] += 1; }],
      ['imputer fill', (j) => { table(j).parts[0].steps[0].state.fill[0] = 99; }],
      ['category list', (j) => { table(j).parts[1].steps[0].state.table.levels[0].categories = ['C', 'S']; }],
      ['deleted step', (j) => { j.steps.splice(0, 1); }],
      ['swapped class names', (j) => { j.metadata.classNames.reverse(); }],
      ['threshold', (j) => { j.metadata.decisionThreshold = 2; }],
      ['network classes', (j) => { j.steps[1].json.classes = [1, 0]; }],
      ['no integrity field', (j) => { delete j.integrity; }],
    ];
    for (const [what, change] of cases) {
      await expectWasmlpError(() => Pipeline.fromJSON(edited(change), { build: buildMlp }), 'PIPELINE_INTEGRITY', ['integrity'], { option: 'integrity' }).catch((e) => { throw new Error(`${what}: ${e.message}`); });
    }
  });

  it('values out of range are refused even when the checksum was forged', async () => {
    await expectWasmlpError(() => Pipeline.fromJSON(edited((j) => { j.metadata.decisionThreshold = 2; }, true)), 'BAD_FORMAT', ['[0, 1]'], { option: 'decisionThreshold' });
    await expectWasmlpError(() => Pipeline.fromJSON(edited((j) => { j.steps[1].json.classes = 'junk'; }, true)), 'BAD_JSON', ['classes']);
    await expectWasmlpError(() => Pipeline.fromJSON(edited((j) => { table(j).parts[0].steps[0].state.fill = ['x']; }, true)), 'BAD_JSON', ['SimpleImputer']);
    await expectWasmlpError(() => Pipeline.fromJSON(edited((j) => { table(j).parts[1].steps[0].state.table.levels[0].categories = ['S', 'C']; }, true)), 'BAD_JSON', ['sorted']);
    await expectWasmlpError(() => Pipeline.fromJSON(edited((j) => { j.steps[0].json.className = '__proto__'; }, true)), 'UNKNOWN_TRANSFORMER');
    let deep: any = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    await expectWasmlpError(() => Pipeline.fromJSON(edited((j) => { j.metadata.deep = deep; })), 'BAD_FORMAT', ['nested']);
  });
});
