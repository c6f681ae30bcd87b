import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Dense, OneHotEncoder, Sequential } from '../../src/index.js';
import { makePipeline } from '../../src/cli/model-spec.js';
import { Pipeline } from '../../src/model-selection/pipeline.js';
import { KerasClassifier } from '../../src/model-selection/classifier.js';
import { csvSource, scanCsv } from '../../src/stream/csv-source.js';
import { fitStream } from '../../src/stream/fit-stream.js';
import { fitPipelineStream } from '../../src/stream/pipeline-stream.js';
import { decodeError, encodeError } from '../../src/cluster/job.js';
import { parseRedisUrl } from '../../src/cluster/redis-url.js';
import { loadCsv } from '../../src/data/csv-node.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe('file sources', () => {
  it('csvSource reads the same numbers as loadCsv, in chunks; scanCsv finds layout and sorted classes', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${(i * 0.37).toFixed(2)},${-i / 8},"${i % 3 === 0 ? 'b' : 'a'}"`);
    const p = file('t.csv', 'f0,f1,label\r\n' + rows.join('\r\n') + '\r\n');
    const scan = await scanCsv(p);
    expect(scan).toMatchObject({ rows: 50, width: 3, featureNames: ['f0', 'f1'], labelName: 'label', classes: ['a', 'b'], hasHeader: true });
    const ds = await loadCsv(p);
    const xs: number[] = [], ys: number[] = [];
    for await (const c of csvSource(p, { classes: scan.classes, chunkRows: 7 }).chunks()) {
      xs.push(...(c.x as { data: Float32Array }).data);
      ys.push(...(c.y as Float32Array));
    }
    expect(xs).toEqual(Array.from(ds.x.data));
    expect(ys).toEqual(Array.from(ds.y));
  });

  it('bad cells and lines are errors naming the file and line', async () => {
    await expectWasmlpError(() => scanCsv(file('a.csv', '1,2,0\n1,?,1\n')), 'NOT_A_NUMBER', [/line 2/], { line: 2 });
    await expectWasmlpError(() => scanCsv(file('b.csv', '1,2,0\n1,2\n')), 'RAGGED_ROW', [/line 2/], { line: 2 });
    await expectWasmlpError(() => scanCsv(file('c.csv', '')), 'EMPTY_SOURCE');
    const read = async () => { for await (const _ of csvSource(dir).chunks()) { /* a directory */ } };
    await expectWasmlpError(read, 'FILE_READ', [], { file: dir });
  });

  it('a pipeline step without partialFit: NOT_STREAMABLE; fit with neither arrays nor a source: BAD_SOURCE', async () => {
    const clf = (makePipeline({ params: { layers: [4], activation: 'relu', optimizer: 'adam', dropout: 0 }, epochs: 1, batchSize: 8, scale: 'none', seed: 0 }).final.step) as KerasClassifier;
    const pipe = new Pipeline([new OneHotEncoder(), ['classifier', clf]]);
    await expectWasmlpError(() => fitPipelineStream(pipe, function* () { yield { x: [[1]], y: [0] }; }), 'NOT_STREAMABLE', [/partialFit/]);
    const m = new Sequential([new Dense({ units: 1, inputDim: 2, activation: 'sigmoid' })]);
    m.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });
    await expectWasmlpError(() => fitStream(m, 42 as never), 'BAD_SOURCE');
    m.dispose();
  });
});

describe('cluster wire format', () => {
  it('errors keep their code through a job; other failures are WORKER_ERROR or CLUSTER_JOB_FAILED; bad URLs are BAD_REDIS_URL', async () => {
    expect(decodeError(encodeError(new Error('boom')), 'j1').code).toBe('WORKER_ERROR');
    expect(decodeError('stalled too often', 'j2')).toMatchObject({ code: 'CLUSTER_JOB_FAILED', where: { job: 'j2' } });
    await expectWasmlpError(() => parseRedisUrl('http://h:1'), 'BAD_REDIS_URL', [/rediss/], { option: 'workers' });
  });
});
