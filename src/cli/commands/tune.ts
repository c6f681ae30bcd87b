import { GridSearchCV, formatParams } from '../../model-selection/grid-search.js';
import { HalvingRandomSearchCV } from '../../model-selection/halving-search.js';
import { asGrids } from '../../model-selection/randomized-search.js';
import { sampleParams, type ParamDistributions } from '../../model-selection/param-sampler.js';
import { RECIPE_DEFAULTS, autoTraining } from '../../recipe/tabular-classifier.js';
import type { Pipeline } from '../../model-selection/pipeline.js';
import type { GridSearchOptions } from '../../model-selection/grid-search.js';
import type { ScoringName } from '../../metrics/scoring.js';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { parseBudget } from '../budget.js';
import { checkOutputs } from '../output-path.js';
import { hasTextFeature } from '../text-defaults.js';
import { TABLE_FLAGS, schemaFacts, tableSpec } from '../table-data.js';
import { DATA_FLAGS, OUTPUT_FLAGS, REPORT_FLAG, SCORING_FLAG, WORKERS_FLAG, clusterWorkers, commandLine, f4, loadData, toJson, writeModelOutput, writeOutput, type CliIo } from '../common.js';
import { Progress } from '../progress.js';
import { describeRecipe, makeRecipePipeline } from '../recipe.js';
import { renderReport } from '../report.js';

export const TUNE_FLAGS: FlagSpecs = {
  budget: { kind: 'string', value: 'time', help: 'time for the search: 60s, 2m, 90 (seconds); no candidate starts that would overrun it', default: '60s' },
  search: { kind: 'enum', value: 'how', choices: ['random', 'halving'], help: 'random: the default recipe, then random candidates; halving: successive halving with epochs as the resource (factor 3)', default: 'random' },
  candidates: { kind: 'int', value: 'n', min: 1, help: 'candidates to draw (random: including the default recipe, default 200; halving: the first round, default 27)' },
  folds: { kind: 'int', value: 'k', min: 2, help: 'stratified folds per candidate', default: 5 },
  ensemble: { kind: 'int', value: 'n', min: 1, max: 64, help: `networks averaged per candidate (default the recipe's ${RECIPE_DEFAULTS.ensemble}; fewer are faster to search)` },
  seed: { kind: 'int', value: 'n', min: 0, max: 0xffffffff, help: 'seed of the candidates, folds and weights', default: 0 },
  out: { kind: 'string', value: 'model.json', help: 'refit the best configuration on every row and save the pipeline there (as wasmlp train --out; predict, evaluate and export read it)' },
  ...WORKERS_FLAG, ...SCORING_FLAG, ...DATA_FLAGS, ...TABLE_FLAGS, ...OUTPUT_FLAGS, ...REPORT_FLAG,
};

export const TUNE_HELP = `wasmlp tune <data.csv | dataset> [flags]

Searches the default recipe's main knobs (hidden layers, dropout, learning rate, weight decay,
label smoothing, epochs) with stratified k-fold cross-validation within a time budget, and prints
the best configuration and its score. Random search tries the default recipe first, so the best
is never worse than the default by its CV score; no candidate starts when the time spent plus its
expected cost would exceed the budget.

  wasmlp tune data.csv --budget 60s
  wasmlp tune sonar --budget 2m --folds 5 --seed 1 --report tune.html
  wasmlp tune data.csv --budget 5m --search halving --workers auto
  wasmlp tune data.csv --budget 2m --out best.json   # then: wasmlp predict best.json new.csv`;

/** The recipe's knobs and their ranges, around the defaults the ablation in docs/recipe.md kept. */
export const TUNE_SPACE: ParamDistributions = {
  hidden: ['auto', [64, 64], [32], [64], [128], [128, 128], [256, 256], [64, 64, 64], []],
  dropout: { type: 'uniform', low: 0, high: 0.3 },
  learningRate: { type: 'loguniform', low: 0.001, high: 0.01 },
  weightDecay: { type: 'loguniform', low: 0.001, high: 0.1 },
  labelSmoothing: [0, 0.1],
  epochs: ['auto', 50, 100, 200],
};

/** The default recipe's values of the searched knobs: random search's first candidate. */
function recipeDefaults(): Record<string, unknown> {
  const r = RECIPE_DEFAULTS;
  return { dropout: r.dropout, epochs: r.epochs, hidden: r.hidden === 'auto' ? 'auto' : [...r.hidden], labelSmoothing: r.labelSmoothing, learningRate: r.learningRate, weightDecay: r.weightDecay };
}

/** Drawn numbers to 3 significant digits, so the best configuration reads (and pastes into code) easily. */
function readable(sets: Record<string, unknown>[]): Record<string, unknown>[] {
  return sets.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : v])));
}

/**
 * Successive halving with epochs as the resource (the recipe's 'auto' epochs keep its steps
 * about constant whatever the rows, so fewer rows would not save time): `n` candidates get a
 * few epochs, the best third three times more, up to the epochs the recipe would use on a fold.
 */
function halvingSearch(pipe: Pipeline, common: GridSearchOptions, n: number, maxEpochs: number, seed: number): HalvingRandomSearchCV {
  const { epochs: _searched, ...space } = TUNE_SPACE as Record<string, unknown>;
  // Drawn (and rounded) here; the search takes its first round's candidates from these.
  const drawn = asGrids(readable(sampleParams(space as ParamDistributions, Math.max(n, 200), seed)));
  return new HalvingRandomSearchCV(pipe, drawn, { ...common, resource: 'epochs', maxResources: Math.max(maxEpochs, 1), minResources: 'exhaust', nCandidates: n });
}

/** wasmlp tune: a budgeted random or halving search of the default recipe. */
export async function tune(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, TUNE_FLAGS, 'tune');
  if (positionals.length > 1) throw new UsageError(`takes one data argument; received ${positionals.length}: ${positionals.join(' ')}.`, 'tune');
  const budget = parseBudget(flags.budget);
  const quiet = Boolean(flags.quiet);
  await checkOutputs(flags, ['report', 'out'], io.cwd, [positionals[0]]);
  const { ds, source, classNames, features, table } = await loadData(positionals[0], flags, io, 'tune', quiet);
  if (hasTextFeature(table)) throw new UsageError("searches the dense default recipe, and this table has text columns. Use 'wasmlp grid' with the text network's flags instead.", 'tune');
  const seed = flags.seed as number, folds = flags.folds as number, scoring = flags.scoring as ScoringName[];
  const search = flags.search as 'random' | 'halving';
  const pipe = makeRecipePipeline(seed, tableSpec(table));
  if (flags.ensemble !== undefined) pipe.setParams({ ensemble: flags.ensemble });
  const progress = new Progress(quiet ? null : io.stderr);
  const cluster = await clusterWorkers(flags.workers, io);
  const common = {
    cv: folds, seed, scoring, refit: false, budget, workers: cluster.workers as number | 'auto',
    onCandidate: ({ index, total, params, iter }: { index: number; total: number; params: Record<string, unknown>; iter?: number }) => {
      progress.foldDone(`${iter === undefined ? '' : `round ${iter + 1} `}candidate ${index + 1}/${total}: ${formatParams(params) || 'the default recipe'}`);
    },
  };
  const candidates = flags.candidates as number | undefined;
  const gs = search === 'halving'
    ? halvingSearch(pipe, common, candidates ?? 27, autoTraining(Math.floor((ds.x.rows * (folds - 1)) / folds)).epochs, seed)
    : new GridSearchCV(pipe, asGrids([recipeDefaults(), ...(candidates === 1 ? [] : readable(sampleParams(TUNE_SPACE, (candidates ?? 200) - 1, seed)))]), common);
  const total = search === 'halving' ? null : gs.candidates.length;
  const t0 = performance.now();
  try {
    await gs.fit(ds.x, ds.y);
  } finally {
    await cluster.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  progress.clear();
  const best = gs.results[gs.bestIndex];
  const main = scoring[0];
  const defaults = search === 'random' ? gs.results[0] : undefined;
  const what = search === 'halving'
    ? `successive halving (factor 3) over epochs: rounds of ${(gs as HalvingRandomSearchCV).nCandidatesPerRound.map((c, i) => `${c} x ${(gs as HalvingRandomSearchCV).nResources[i]}`).join(', ')} candidates x epochs`
    : `random search, the default recipe first: ${gs.results.length} of ${total} candidates`;
  const searchLine = `${what} x stratified ${folds}-fold CV, ranked by ${main}${gs.stoppedEarly ? `; the ${flags.budget} budget stopped it` : ''}`;
  const ensemble = (flags.ensemble as number | undefined) ?? RECIPE_DEFAULTS.ensemble;
  const bestLine = `${formatParams(best.params) || '(the default recipe)'}: ${main} ${f4(best.mean[main])} (${f4(best.std[main])})`;

  // --out: the winner refitted on every row (the search itself compared candidates on folds only).
  let modelPath: string | undefined;
  if (flags.out !== undefined) {
    const final = pipe.clone().setParams(best.params);
    await final.fit(ds.x, ds.y);
    final.metadata = {
      featureNames: ds.featureNames, labelName: ds.labelName, classNames, source, command: commandLine('tune', argv),
      ...(table ? { columns: table.allColumns, schema: table.schema.columns.map((c) => ({ name: c.name, kind: c.kind, role: c.role, action: c.action })) } : {}),
    };
    try {
      modelPath = await writeModelOutput(flags.out as string, final);
    } finally {
      final.dispose();
    }
  }

  let reportPath: string | undefined;
  if (flags.report !== undefined) {
    const { header, rows } = gs.resultsRows();
    reportPath = await writeOutput(flags.report as string, renderReport({
      title: `Search: ${source}`,
      command: commandLine('tune', argv),
      facts: [
        ['data', `${source}: ${ds.x.rows} rows, ${features} features, label '${ds.labelName}' (${classNames.join(', ')})`],
        ...schemaFacts(table),
        ['model', `${describeRecipe(classNames.length).replace(/ensemble of \d+/, `ensemble of ${ensemble}`)}, knobs searched`],
        ['search', searchLine],
        ['best', bestLine],
        ...(defaults ? [['default recipe', `${main} ${f4(defaults.mean[main])} (${f4(defaults.std[main])}), rank ${defaults.rank}`] as [string, string]] : []),
        ['time', `${seconds.toFixed(2)} s of a ${budget} s budget`],
      ],
      table: { header, rows }, tableTitle: 'Search',
      histories: [], classes: classNames,
    }), 'report');
  }

  if (flags.json) {
    io.stdout.write(toJson({
      command: 'tune', data: { source, rows: ds.x.rows, features, label: ds.labelName, classes: classNames },
      search, budget, folds, scoring, ensemble, stoppedEarly: gs.stoppedEarly,
      results: gs.results.map((r) => ({ params: r.params, rank: r.rank, mean: r.mean, std: r.std, scores: r.testScores, meanFitTime: r.meanFitTime, ...(r.iter === undefined ? {} : { iter: r.iter, nResources: r.nResources }) })),
      best: { params: best.params, mean: best.mean, std: best.std }, seconds, report: reportPath ?? null, model: modelPath ?? null,
    }) + '\n');
    return 0;
  }
  io.stdout.write([
    `data    ${source}: ${ds.x.rows} rows, ${features} features, classes ${classNames.join('/')}`,
    `search  ${searchLine}`,
    '',
    gs.resultsTable(),
    '',
    `best    ${bestLine}`,
    ...(defaults ? [`default ${main} ${f4(defaults.mean[main])} (${f4(defaults.std[main])}), rank ${defaults.rank}`] : []),
    `time    ${seconds.toFixed(2)} s of a ${budget} s budget`,
    ...(modelPath ? [`model   the best configuration refitted on all ${ds.x.rows} rows, saved to ${modelPath}`] : []),
    ...(reportPath ? [`report written to ${reportPath}`] : []),
  ].join('\n') + '\n');
  return 0;
}
