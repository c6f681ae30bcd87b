import { GridSearchCV, formatParams } from '../../model-selection/grid-search.js';
import type { ScoringName } from '../../metrics/scoring.js';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { applyTextDefaults, hasTextFeature } from '../text-defaults.js';
import { FIT_FLAGS, TABLE_FLAGS, tableSpec } from '../table-data.js';
import { DATA_FLAGS, OUTPUT_FLAGS, SCORING_FLAG, WORKERS_FLAG, clusterWorkers, f4, loadData, modelFlags, scaleOf, toJson, type CliIo } from '../common.js';
import { makePipeline, type MlpParams } from '../model-spec.js';
import { Progress } from '../progress.js';
import { makeRecipePipeline, wantsRecipe } from '../recipe.js';

export const GRID_FLAGS: FlagSpecs = {
  ...modelFlags(true),
  folds: { kind: 'int', value: 'k', min: 2, help: 'stratified folds per candidate', default: 10 },
  ...WORKERS_FLAG,
  ...SCORING_FLAG, ...DATA_FLAGS, ...TABLE_FLAGS, ...FIT_FLAGS, ...OUTPUT_FLAGS,
};

export const GRID_HELP = `wasmlp grid <data.csv | dataset> [flags]

Grid search with stratified k-fold cross-validation. Flags marked ... take several values; every
combination is a candidate, ranked by the first --scoring name (lowest for logLoss).

  wasmlp grid data.csv --layers 60 30 60,30 --folds 10
  wasmlp grid sonar --layers 60 30 --lr 0.001 0.01 --epochs 50 100 --batch-size 5`;

/** Flag -> builder / classifier parameter searched by GridSearchCV. */
const SEARCHED: Record<string, string> = {
  layers: 'layers', activation: 'activation', optimizer: 'optimizer', lr: 'lr', dropout: 'dropout', epochs: 'epochs', 'batch-size': 'batchSize',
};

export async function grid(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags, defaulted } = parseArgs(argv, GRID_FLAGS, 'grid');
  if (positionals.length > 1) throw new UsageError(`takes one data argument; received ${positionals.length}: ${positionals.join(' ')}. Give several values after one flag instead: --layers 60 30 60,30.`, 'grid');
  const quiet = Boolean(flags.quiet);
  const { ds, source, classNames, features, table } = await loadData(positionals[0], flags, io, 'grid', quiet);
  const textNote = applyTextDefaults(flags, defaulted, hasTextFeature(table), true);
  if (textNote && !quiet) io.stderr.write(`${textNote}\n`);
  const patience = flags.patience as number | undefined;
  if (patience && flags.workers !== 1) throw new UsageError('--patience runs its early stopping in this thread; leave --workers at 1 with it.', 'grid');
  const scoring = flags.scoring as ScoringName[];
  const seed = flags.seed as number, folds = flags.folds as number;
  const paramGrid: Record<string, unknown[]> = {};
  // Flags with several values form the grid; single values configure every candidate.
  for (const [flag, param] of Object.entries(SEARCHED)) {
    const values = flags[flag] as unknown[] | undefined;
    if (values && values.length > 1) paramGrid[param] = values;
  }
  const first = (flag: string) => (flags[flag] as unknown[] | undefined)?.[0];
  const progress = new Progress(quiet ? null : io.stderr);
  const cluster = await clusterWorkers(flags.workers, io);
  // The default recipe is dense (robust scaling, an ensemble): text tables train the sparse text network instead.
  const pipe = wantsRecipe(argv) && !hasTextFeature(table) ? makeRecipePipeline(seed, tableSpec(table)) : makePipeline({
    params: { layers: first('layers') as number[], activation: first('activation') as MlpParams['activation'], optimizer: first('optimizer') as MlpParams['optimizer'], lr: first('lr') as number | undefined, dropout: first('dropout') as number },
    epochs: first('epochs') as number, batchSize: first('batch-size') as number, scale: scaleOf(flags), seed, callbacks: [progress],
    table: tableSpec(table), classWeight: flags['class-weight'] as 'balanced' | undefined, patience,
  });
  let label = '', epochs = 0;
  const gs = new GridSearchCV(pipe, paramGrid, {
    cv: folds, seed, scoring, refit: false, workers: cluster.workers as number | 'auto',
    onCandidate: ({ index, total, params }) => {
      label = `candidate ${index + 1}/${total} `;
      epochs = (params.epochs as number | undefined) ?? (first('epochs') as number);
      progress.foldDone(`candidate ${index + 1}/${total}: ${formatParams(params) || 'the flags as given'}`);
    },
    onFold: ({ phase, fold, nFolds }) => { if (phase === 'start') progress.start(fold, nFolds, epochs, label); },
  });
  const t0 = performance.now();
  try {
    await gs.fit(ds.x, ds.y);
  } finally {
    await cluster.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  progress.clear();
  const best = gs.results[gs.bestIndex];
  if (flags.json) {
    io.stdout.write(toJson({
      command: 'grid', data: { source, rows: ds.x.rows, features: features, classes: classNames }, folds, scoring,
      results: gs.results.map((r) => ({ params: r.params, rank: r.rank, mean: r.mean, std: r.std, scores: r.testScores, meanFitTime: r.meanFitTime })),
      best: { params: best.params, mean: best.mean, std: best.std }, seconds,
    }) + '\n');
    return 0;
  }
  io.stdout.write([
    `data  ${source}: ${ds.x.rows} rows, ${features} features, classes ${classNames.join('/')}`,
    `grid  ${gs.candidates.length} candidates x stratified ${folds}-fold CV, ranked by ${scoring[0]}`,
    '',
    gs.resultsTable(),
    '',
    `best  ${formatParams(best.params) || '(one candidate)'}: ${scoring[0]} ${f4(best.mean[scoring[0]])} (${f4(best.std[scoring[0]])})`,
    `time  ${seconds.toFixed(2)} s`,
  ].join('\n') + '\n');
  return 0;
}
