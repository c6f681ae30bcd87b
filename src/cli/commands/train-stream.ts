import { WasmlpError } from '../../errors.js';
import { getScorer, SCORING_NAMES } from '../../metrics/scoring.js';
import { supportsPartialFit } from '../../preprocessing/partial-fit.js';
import { csvSource, scanCsv } from '../../stream/csv-source.js';
import { fitPipelineStream } from '../../stream/pipeline-stream.js';
import { commandLine, f4, mlpParams, scaleOf, toJson, writeModelOutput, type CliIo } from '../common.js';
import { describeModel, makePipeline } from '../model-spec.js';
import { Progress } from '../progress.js';

/** Files above this size train by streaming even without --stream (stated in `wasmlp train --help`). */
export const AUTO_STREAM_BYTES = 256 * 1024 * 1024;

/** A row's place in the --test-size split: a seeded hash of its index, uniform in [0, 1). */
export function rowDraw(index: number, seed: number): number {
  let t = (Math.imul(index, 0x9e3779b1) ^ Math.imul(seed + 0x632be5ab, 0x85ebca77)) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x7feb352d);
  t = Math.imul(t ^ (t >>> 15), 0x846ca68b);
  return ((t ^ (t >>> 16)) >>> 0) / 4294967296;
}

/**
 * `wasmlp train FILE --stream`: the file is read once to learn its layout, classes and the
 * scaler's statistics, then once per epoch; held-out rows (--test-size, a seeded hash of the row
 * number) are scored in a last pass. Memory is the shuffle buffer and a chunk, not the file.
 * The model file is written only after every pass succeeded.
 */
export async function trainStream(path: string, argv: readonly string[], flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const quiet = Boolean(flags.quiet);
  const params = mlpParams(flags);
  const epochs = flags.epochs as number, batchSize = flags['batch-size'] as number, seed = flags.seed as number;
  const testSize = flags['test-size'] as number | undefined;
  if (flags['tune-threshold'] !== undefined) throw new WasmlpError('BAD_OPTION', '--tune-threshold needs the rows in memory (inner cross-validation); leave out --stream, or tune on a sample.', { option: 'tune-threshold' });
  if (flags['validation-split'] !== undefined) throw new WasmlpError('BAD_OPTION', '--validation-split needs the rows in memory; with --stream, use --test-size for held-out scores.', { option: 'validation-split' });
  if (flags.report !== undefined) throw new WasmlpError('BAD_OPTION', '--report draws curves from every row in memory; leave out --stream for a report, or train on a sample.', { option: 'report' });
  const label = flags.label as string | undefined;
  const csvLabel = label === undefined ? undefined : /^-?\d+$/.test(label) ? Number(label) : label;
  const isTrain = testSize === undefined ? undefined : (i: number) => rowDraw(i, seed) >= testSize;
  const isTest = testSize === undefined ? undefined : (i: number) => rowDraw(i, seed) < testSize;
  const progress = new Progress(quiet ? null : io.stderr);
  const pipe = makePipeline({ params, epochs, batchSize, scale: scaleOf(flags), seed, callbacks: [progress] });
  const t0 = performance.now();
  try {
    if (!quiet) io.stderr.write(`streaming ${path}: first pass (layout, classes, scaler)\n`);
    const scaler = pipe.transformers[0]?.step;
    const scan = await scanCsv(path, { ...(csvLabel === undefined ? {} : { label: csvLabel }), rows: isTrain }, (x) => {
      if (supportsPartialFit(scaler)) scaler.partialFit(x);
    });
    let classes = scan.classes;
    const positive = flags['positive-class'] as string | undefined;
    if (positive !== undefined) {
      if (classes.length !== 2 || !classes.includes(positive)) {
        throw new WasmlpError('BAD_OPTION', `--positive-class ${JSON.stringify(positive)}: the label has classes ${classes.map((c) => JSON.stringify(c)).join(', ')}; it applies to one of two classes.`, { option: 'positive-class' });
      }
      if (classes[0] === positive) classes = [classes[1], classes[0]];
    }
    if (classes.length < 2) throw new WasmlpError('SINGLE_CLASS', `${path}: the label ${JSON.stringify(scan.labelName)} has a single class (${JSON.stringify(classes[0])}) in the training rows.`, { file: path, option: 'label' });
    const source = (rows?: (i: number) => boolean) => csvSource(path, { ...(csvLabel === undefined ? {} : { label: csvLabel }), classes, ...(rows ? { rows } : {}) });
    progress.start(0, 0, epochs);
    await fitPipelineStream(pipe, source(isTrain), {
      classes: classes.map((_, i) => i), prefitted: { nFeatures: scan.width - 1 },
      fit: { shuffleBuffer: flags['shuffle-buffer'] as number },
    });
    progress.clear();
    const trainRows = pipe.history?.params.samples as number;
    let testScores: Record<string, number> | null = null, testRows = 0;
    if (isTest) {
      // Held-out rows: probabilities per chunk, kept (rows x classes) for the scores.
      const ids: number[] = [], probs: number[] = [];
      for await (const c of source(isTest).chunks()) {
        const p = pipe.predictProba(c.x);
        for (let i = 0; i < p.data.length; i++) probs.push(p.data[i]);
        for (let i = 0; i < p.rows; i++) ids.push((c.y as Float32Array)[i]);
      }
      testRows = ids.length;
      if (testRows > 0) {
        const yt = Int32Array.from(ids), proba = { data: Float32Array.from(probs), rows: testRows, cols: probs.length / testRows };
        testScores = Object.fromEntries(SCORING_NAMES.map((s) => [s, getScorer(s).score(yt, proba)]));
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    pipe.metadata = { featureNames: scan.featureNames, labelName: scan.labelName, classNames: classes, source: path, command: commandLine('train', argv) };
    const saved = await writeModelOutput(flags.out as string, pipe);
    const history = pipe.history?.history ?? {};
    const model = describeModel(params, classes.length);
    const rowsPerSecond = (trainRows * epochs) / seconds;
    if (flags.json) {
      io.stdout.write(toJson({
        command: 'train', streamed: true,
        data: { source: path, rows: trainRows + testRows, trainRows, testRows, classes },
        model: { ...params, epochs, batchSize, scale: flags.scale, seed, shuffleBuffer: flags['shuffle-buffer'] },
        train: null, trainLastEpoch: Object.fromEntries(Object.entries(history).map(([k, v]) => [k, v.at(-1)])),
        test: testScores, finalLoss: history.loss?.at(-1) ?? null, seconds, rowsPerSecond, saved, report: null,
      }) + '\n');
    } else {
      io.stdout.write([
        `data      ${path} (streamed, ${(scan.bytes / 1e6).toFixed(0)} MB): ${trainRows} training rows${testRows ? `, ${testRows} held out` : ''}, ${scan.width - 1} features, classes ${classes.join('/')}`,
        `model     ${model}`,
        `trained   ${epochs} epochs in ${seconds.toFixed(2)} s (${Math.round(rowsPerSecond)} rows/s), final loss ${f4(history.loss?.at(-1) ?? NaN)}`,
        `accuracy  last epoch ${f4(Object.entries(history).find(([k]) => /accuracy/i.test(k) && !k.startsWith('val_'))?.[1].at(-1) ?? NaN)}${testScores ? `, held-out ${f4(testScores.accuracy)}` : ''}`,
        `saved     ${saved}`,
      ].join('\n') + '\n');
    }
    return 0;
  } finally {
    progress.clear();
    pipe.dispose();
  }
}
