import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { takeRows } from '../../data/matrix.js';
import { AUTO_STREAM_BYTES, trainStream } from './train-stream.js';
import { trainTestSplit } from '../../model-selection/train-test-split.js';
import { getScorer, SCORING_NAMES } from '../../metrics/scoring.js';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { applyTextDefaults, hasTextFeature } from '../text-defaults.js';
import { FIT_FLAGS, TABLE_FLAGS, explainable, schemaFacts, tableSpec } from '../table-data.js';
import type { Matrix } from '../../data/matrix.js';
import { DATA_FLAGS, OUTPUT_FLAGS, REPORT_FLAG, commandLine, f4, loadData, mlpParams, modelFlags, scaleOf, toJson, writeModelOutput, writeOutput, type CliIo } from '../common.js';
import { checkModelOutput, checkOutputs } from '../output-path.js';
import { describeModel, makePipeline } from '../model-spec.js';
import { Progress } from '../progress.js';
import { describeRecipe, describeRecipeTraining, makeRecipePipeline, wantsRecipe } from '../recipe.js';
import { renderReport } from '../report.js';
import { THRESHOLD_FLAG, metricLabel, parseThresholdMetric, tunedPipeline } from '../decision.js';
import type { Pipeline } from '../../model-selection/pipeline.js';
import { EXPLAIN_FLAG, checkExplainFlag, explainSection } from '../explain.js';

export const TRAIN_FLAGS: FlagSpecs = {
  ...modelFlags(false),
  out: { kind: 'string', value: 'model.json', help: 'where to save the fitted pipeline (scaler + network + class names)', default: 'model.json' },
  'test-size': { kind: 'float', value: 'fraction', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, help: 'hold out a stratified share of rows and score the model on it' },
  'validation-split': { kind: 'float', value: 'fraction', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, help: 'validation share inside fit (val_loss in the learning curves)' },
  ...THRESHOLD_FLAG, ...DATA_FLAGS, ...TABLE_FLAGS, ...FIT_FLAGS, ...OUTPUT_FLAGS, ...REPORT_FLAG, ...EXPLAIN_FLAG,
  stream: { kind: 'bool', help: `read the CSV file as a stream, once per epoch (memory: the shuffle buffer, not the file); automatic for files over ${AUTO_STREAM_BYTES / 1024 / 1024} MB` },
  'shuffle-buffer': { kind: 'int', value: 'rows', min: 1, help: 'rows held for shuffling when streaming (1: file order)', default: 10000 },
  workers: { kind: 'threads', value: 'n|auto', help: "train the default recipe's networks on n worker threads ('auto': one per CPU); the same model as on one thread", default: 1 },
};

export const TRAIN_HELP = `wasmlp train <data.csv | dataset> [flags]

Fits the scaler and the network on the rows (minus --test-size) and saves them as one JSON file
that 'wasmlp evaluate' and 'wasmlp predict' read.

  wasmlp train data.csv --layers 8,8 --activation tanh --optimizer sgd --lr 0.01 --out model.json

Files over ${AUTO_STREAM_BYTES / 1024 / 1024} MB (or any file with --stream) are streamed: read once for the
scaler and the classes, then once per epoch, shuffled through --shuffle-buffer rows.

  wasmlp train big.csv --stream --epochs 2 --test-size 0.1 --batch-size 256`;

/** --workers for train: threads for the default recipe's networks; a hand-built network trains on one. */
function recipeWorkers(workers: unknown, recipe: boolean): number | 'auto' {
  if (workers === 1) return 1;
  if (!recipe) {
    throw new UsageError("--workers trains the default recipe's networks side by side; a network given by flags (--layers, --epochs, ...) or a text table's network trains as one, on this thread. Leave --workers out.", 'train');
  }
  return workers as number | 'auto';
}

export async function train(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags, defaulted } = parseArgs(argv, TRAIN_FLAGS, 'train');
  if (positionals.length > 1) throw new UsageError(`takes one data argument; received ${positionals.length}: ${positionals.join(' ')}.`, 'train');
  await checkOutputs(flags, ['out', 'report'], io.cwd, [positionals[0]]);
  await checkModelOutput(resolve(io.cwd, flags.out as string), 'out');
  const big = positionals[0] === undefined ? null : await stat(resolve(io.cwd, positionals[0])).catch(() => null);
  if (flags.stream && !big?.isFile()) {
    throw new UsageError(`--stream reads a CSV file; ${positionals[0] === undefined ? 'give one' : `${JSON.stringify(positionals[0])} is not a file`}. Named datasets fit in memory: leave out --stream.`, 'train');
  }
  if (big?.isFile() && (flags.stream || big.size > AUTO_STREAM_BYTES)) {
    if (flags.workers !== 1) throw new UsageError(`--workers trains the default recipe's networks side by side; a streamed file (--stream, or over ${AUTO_STREAM_BYTES / 1024 / 1024} MB) trains one network as it reads. Leave --workers out.`, 'train');
    return trainStream(resolve(io.cwd, positionals[0]), argv, flags, io);
  }
  const quiet = Boolean(flags.quiet);
  checkExplainFlag(flags, 'train');
  const { ds, source, classNames, features, table } = await loadData(positionals[0], flags, io, 'train', quiet);
  const textNote = applyTextDefaults(flags, defaulted, hasTextFeature(table));
  if (textNote && !quiet) io.stderr.write(`${textNote}\n`);
  const params = mlpParams(flags);
  const epochs = flags.epochs as number, batchSize = flags['batch-size'] as number, seed = flags.seed as number;
  const testSize = flags['test-size'] as number | undefined;
  const progress = new Progress(quiet ? null : io.stderr);
  const metric = parseThresholdMetric(flags['tune-threshold'], 'train');
  // The default recipe is dense (robust scaling, an ensemble): text tables train the sparse text network instead.
  const recipe = wantsRecipe(argv) && !hasTextFeature(table);
  const workers = recipeWorkers(flags.workers, recipe);
  let pipe = recipe ? makeRecipePipeline(seed, tableSpec(table), workers) : makePipeline({ params, epochs, batchSize, scale: scaleOf(flags), seed, callbacks: [progress], validationSplit: flags['validation-split'] as number | undefined, table: tableSpec(table), classWeight: flags['class-weight'] as 'balanced' | undefined, patience: flags.patience as number | undefined });
  let xTrain = ds.x, yTrain: ArrayLike<number> = ds.y, xTest = null as typeof ds.x | null, yTest: Int32Array | null = null;
  if (testSize !== undefined) {
    const split = trainTestSplit(ds.x as Matrix, Int32Array.from(ds.y), { testSize, seed });
    xTrain = split.xTrain; yTrain = split.yTrain; xTest = split.xTest; yTest = split.yTest;
  }
  progress.start(0, 0, epochs);
  const t0 = performance.now();
  let threshold: number | null = null;
  if (metric) {
    // Out-of-fold predictions of the training rows pick the threshold; the pipeline is then refitted on all of them.
    const tuned = await tunedPipeline(pipe, metric, seed, classNames.length, 'train').fit(xTrain, yTrain);
    pipe = tuned.fittedEstimator as Pipeline;
    threshold = tuned.threshold;
  } else await pipe.fit(xTrain, yTrain);
  const seconds = (performance.now() - t0) / 1000;
  progress.clear();
  pipe.metadata = {
    featureNames: ds.featureNames, labelName: ds.labelName, classNames, source, command: commandLine('train', argv),
    ...(table ? { columns: table.allColumns, schema: table.schema.columns.map((c) => ({ name: c.name, kind: c.kind, role: c.role, action: c.action })) } : {}),
    ...(threshold === null ? {} : { decisionThreshold: threshold }),
  };
  const saved = await writeModelOutput(flags.out as string, pipe);

  const tag = <T extends object>(p: T): T => (threshold === null ? p : Object.assign(p, { threshold }));
  const trainProba = tag(pipe.predictProba(xTrain));
  const trainIds = Int32Array.from(yTrain);
  const scores = (y: Int32Array, p: typeof trainProba) => Object.fromEntries(SCORING_NAMES.map((s) => [s, getScorer(s).score(y, p)]));
  const trainScores = scores(trainIds, trainProba);
  const testProba = xTest ? tag(pipe.predictProba(xTest)) : null;
  const testScores = testProba && yTest ? scores(yTest, testProba) : null;
  const history = pipe.history?.history ?? {};
  const model = recipe ? describeRecipe(classNames.length) : describeModel(params, classNames.length);

  let reportPath: string | undefined;
  if (flags.report !== undefined) {
    reportPath = await writeOutput(flags.report as string, renderReport({
      title: `Training: ${source}`, command: commandLine('train', argv),
      facts: [
        ['data', `${source}: ${ds.x.rows} rows (${xTrain.rows} for training${xTest ? `, ${xTest.rows} held out` : ''}), ${features} features, classes ${classNames.join(', ')}`],
        ...schemaFacts(table),
        ['model', model], ['training', recipe ? describeRecipeTraining(seed) : `${params.optimizer}${params.lr === undefined ? '' : ` lr ${params.lr}`}, ${epochs} epochs, batch ${batchSize}, ${flags.scale} scaling, seed ${seed}`],
        ...(metric ? [['decision', `p > ${f4(threshold!)}, tuned for ${metricLabel(metric)} on 5 inner folds of the training rows`] as [string, string]] : []),
        ['saved to', saved], ['time', `${seconds.toFixed(2)} s`],
      ],
      table: { header: ['score', 'training rows', ...(testScores ? ['held-out rows'] : [])], rows: SCORING_NAMES.map((s) => [s, f4(trainScores[s]), ...(testScores ? [f4(testScores[s])] : [])]) },
      histories: [history], classes: classNames,
      yTrue: yTest ?? trainIds, proba: testProba ?? trainProba,
      evaluatedOn: testProba ? `the ${xTest!.rows} held-out rows (--test-size ${testSize})` : `the training rows (use --test-size for held-out rows)`,
      extra: flags.explain ? await explainSection(pipe, explainable(xTest ?? xTrain, 'train'), yTest ?? trainIds, ds.featureNames, classNames, seed, xTest ? `the ${xTest.rows} held-out rows` : `the ${xTrain.rows} training rows (use --test-size for held-out rows)`) : undefined,
    }), 'report');
  }
  pipe.dispose();
  if (flags.json) {
    io.stdout.write(toJson({ command: 'train', data: { source, rows: ds.x.rows, trainRows: xTrain.rows, testRows: xTest?.rows ?? 0, classes: classNames }, model: recipe ? { recipe: 'TabularClassifier', seed } : { ...params, epochs, batchSize, scale: flags.scale, seed }, ...(metric ? { tuneThreshold: metricLabel(metric), threshold } : {}), train: trainScores, test: testScores, finalLoss: history.loss?.at(-1) ?? null, seconds, saved, report: reportPath ?? null }) + '\n');
    return 0;
  }
  const lines = [
    `data      ${source}: ${xTrain.rows} training rows${xTest ? `, ${xTest.rows} held out` : ''}, ${features} features, classes ${classNames.join('/')}`,
    `model     ${model}`,
    `trained   ${recipe ? `${history.loss?.length ?? 0} epochs (first member)` : `${epochs} epochs`} in ${seconds.toFixed(2)} s, final loss ${f4(history.loss?.at(-1) ?? NaN)}`,
    `accuracy  training ${f4(trainScores.accuracy)}${testScores ? `, held-out ${f4(testScores.accuracy)}` : ''}`,
    ...(metric ? [`threshold p > ${f4(threshold!)} (tuned for ${metricLabel(metric)}), balancedAccuracy training ${f4(trainScores.balancedAccuracy)}${testScores ? `, held-out ${f4(testScores.balancedAccuracy)}` : ''}`] : []),
    `saved     ${saved}`,
  ];
  if (reportPath) lines.push(`report    ${reportPath}`);
  io.stdout.write(lines.join('\n') + '\n');
  return 0;
}
