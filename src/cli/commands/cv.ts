import { crossValidate } from '../../model-selection/cross-validate.js';
import { formatTable } from '../../model-selection/grid-search.js';
import type { ScoringName } from '../../metrics/scoring.js';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { checkOutputs } from '../output-path.js';
import { applyTextDefaults, hasTextFeature } from '../text-defaults.js';
import { FIT_FLAGS, TABLE_FLAGS, schemaFacts, tableSpec } from '../table-data.js';
import { DATA_FLAGS, OUTPUT_FLAGS, REPORT_FLAG, SCORING_FLAG, WORKERS_FLAG, clusterWorkers, commandLine, f4, loadData, mlpParams, modelFlags, pct, scaleOf, toJson, writeOutput, type CliIo } from '../common.js';
import { describeModel, makePipeline } from '../model-spec.js';
import { Progress } from '../progress.js';
import { describeRecipe, describeRecipeTraining, makeRecipePipeline, wantsRecipe } from '../recipe.js';
import { renderReport } from '../report.js';
import { THRESHOLD_FLAG, metricLabel, parseThresholdMetric, tunedPipeline } from '../decision.js';
import type { TunedThresholdClassifier } from '../../decision/threshold.js';

export const CV_FLAGS: FlagSpecs = {
  ...modelFlags(false),
  folds: { kind: 'int', value: 'k', min: 2, help: 'stratified folds', default: 10 },
  ...WORKERS_FLAG, ...SCORING_FLAG, ...THRESHOLD_FLAG, ...DATA_FLAGS, ...TABLE_FLAGS, ...FIT_FLAGS, ...OUTPUT_FLAGS, ...REPORT_FLAG,
};

export const CV_HELP = `wasmlp cv <data.csv | dataset> [flags]

Stratified k-fold cross-validation of a dense network: every fold fits the scaler and a fresh
model on its training rows only and scores the held-out rows.

  wasmlp cv ../shared/data/sonar.csv --layers 60 --activation relu --epochs 100 --batch-size 5 --folds 10 --scale standard --seed 7`;

/** wasmlp cv: per-fold scores, mean (std), optional HTML report. */
export async function cv(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags, defaulted } = parseArgs(argv, CV_FLAGS, 'cv');
  if (positionals.length > 1) throw new UsageError(`takes one data argument; received ${positionals.length}: ${positionals.join(' ')}.`, 'cv');
  const quiet = Boolean(flags.quiet);
  await checkOutputs(flags, ['report'], io.cwd, [positionals[0]]);
  const { ds, source, classNames, features, table } = await loadData(positionals[0], flags, io, 'cv', quiet);
  const textNote = applyTextDefaults(flags, defaulted, hasTextFeature(table));
  if (textNote && !quiet) io.stderr.write(`${textNote}\n`);
  const params = mlpParams(flags);
  const epochs = flags.epochs as number, batchSize = flags['batch-size'] as number, folds = flags.folds as number, seed = flags.seed as number;
  const scoring = flags.scoring as ScoringName[];
  const progress = new Progress(quiet ? null : io.stderr);
  const patience = flags.patience as number | undefined;
  // The default recipe is dense (robust scaling, an ensemble): text tables train the sparse text network instead.
  const recipe = wantsRecipe(argv) && !hasTextFeature(table);
  const pipe = recipe ? makeRecipePipeline(seed, tableSpec(table)) : makePipeline({ params, epochs, batchSize, scale: scaleOf(flags), seed, callbacks: [progress], table: tableSpec(table), classWeight: flags['class-weight'] as 'balanced' | undefined, patience });
  const metric = parseThresholdMetric(flags['tune-threshold'], 'cv');
  if (metric && flags.workers !== 1) throw new UsageError('--tune-threshold runs in one thread; leave --workers at 1 with it.', 'cv');
  const cluster = await clusterWorkers(flags.workers, io);
  const workers = cluster.workers as number | 'auto';
  if (patience && workers !== 1) throw new UsageError('--patience runs its early stopping in this thread; leave --workers at 1 with it.', 'cv');
  const thresholds: number[] = [];
  const t0 = performance.now();
  let r: Awaited<ReturnType<typeof crossValidate>>;
  try {
    r = await crossValidate(metric ? tunedPipeline(pipe, metric, seed, classNames.length, 'cv') : pipe, ds.x, ds.y, {
      cv: folds, seed, scoring, returnPredictions: flags.report !== undefined, workers,
      onFold: ({ phase, fold, nFolds, scores, fitTime, estimator }) => {
        if (phase === 'start') progress.start(fold, nFolds, epochs);
        else {
          if (metric) thresholds.push((estimator as TunedThresholdClassifier).threshold!);
          progress.foldDone(`fold ${fold + 1}/${nFolds}  ${scoring.map((s) => `${s} ${f4(scores![s])}`).join('  ')}${metric ? `  threshold ${f4(thresholds[fold])}` : ''}  fit ${fitTime!.toFixed(2)} s`);
        }
      },
    });
  } finally {
    await cluster.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  progress.clear();
  const model = recipe ? describeRecipe(classNames.length) : describeModel(params, classNames.length);
  const training = recipe ? describeRecipeTraining(seed) : `${params.optimizer}${params.lr === undefined ? '' : ` lr ${params.lr}`}, ${epochs} epochs, batch ${batchSize}, ${flags.scale} scaling, seed ${seed}`;
  const foldRows = r.testScores[scoring[0]].map((_, k) => [String(k + 1), ...scoring.map((s) => f4(r.testScores[s][k])), ...(metric ? [f4(thresholds[k])] : []), r.fitTimes[k].toFixed(2)]);
  const header = ['fold', ...scoring, ...(metric ? ['threshold'] : []), 'fit s'];
  const decision = metric ? `threshold tuned for ${metricLabel(metric)} on 5 inner folds of each fold's training rows` : null;
  // Each row decided at its own fold's threshold, for the report's confusion matrix.
  let predicted: Int32Array | undefined;
  if (metric && r.predictions) {
    predicted = new Int32Array(ds.x.rows);
    r.folds.forEach(({ test }, k) => { for (const row of test) predicted![row] = r.predictions!.data[2 * row + 1] > thresholds[k] ? 1 : 0; });
  }

  let reportPath: string | undefined;
  if (flags.report !== undefined) {
    reportPath = await writeOutput(flags.report as string, renderReport({
      title: `Cross-validation: ${source}`,
      command: commandLine('cv', argv),
      facts: [
        ['data', `${source}: ${ds.x.rows} rows, ${features} features, label '${ds.labelName}' (${classNames.join(', ')})`],
        ...schemaFacts(table),
        ['model', model], ['training', training], ['validation', `stratified ${folds}-fold cross-validation`],
        ...(decision ? [['decision', `${decision}: ${thresholds.map(f4).join(', ')}`] as [string, string]] : []),
        ...scoring.map((s): [string, string] => [s, `${f4(r.mean[s])} mean (std ${f4(r.std[s])})`]),
        ['time', `${seconds.toFixed(2)} s`],
      ],
      table: { header, rows: foldRows },
      histories: r.histories, classes: classNames, yTrue: ds.y, proba: r.predictions!, predicted,
      evaluatedOn: `out-of-fold predictions: each row scored by the fold model that did not train on it (${ds.x.rows} rows)`,
    }), 'report');
  }

  if (flags.json) {
    io.stdout.write(toJson({
      command: 'cv', data: { source, rows: ds.x.rows, features: features, label: ds.labelName, classes: classNames },
      model: recipe ? { recipe: 'TabularClassifier', seed } : { ...params, epochs, batchSize, scale: flags.scale, seed }, folds,
      ...(metric ? { tuneThreshold: metricLabel(metric), thresholds } : {}),
      scores: r.testScores, mean: r.mean, std: r.std, fitTimes: r.fitTimes, seconds, report: reportPath ?? null,
    }) + '\n');
    return 0;
  }
  const out: string[] = [
    `data      ${source}: ${ds.x.rows} rows, ${features} features, classes ${classNames.join('/')}`,
    `model     ${model}`,
    `training  ${training}`,
    `stratified ${folds}-fold cross-validation`,
    ...(decision ? [`decision  ${decision}`] : []),
    '',
    formatTable(header, foldRows),
    '',
    ...scoring.map((s) => { const plain = s === 'logLoss' || s === 'brierScore' || s === 'matthewsCorrcoef'; return `${s}: ${plain ? f4(r.mean[s]) : pct(r.mean[s])} (${plain ? f4(r.std[s]) : pct(r.std[s])})  mean (std) over ${folds} folds`; }),
    `time ${seconds.toFixed(2)} s`,
  ];
  if (reportPath) out.push(`report written to ${reportPath}`);
  io.stdout.write(out.join('\n') + '\n');
  return 0;
}
