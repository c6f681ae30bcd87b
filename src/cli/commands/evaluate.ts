import { WasmlpError } from '../../errors.js';
import { getScorer, predictedClasses, SCORING_NAMES } from '../../metrics/scoring.js';
import { confusionMatrix } from '../../metrics/scores.js';
import { formatTable } from '../../model-selection/grid-search.js';
import { parseArgs, UsageError, type FlagSpecs } from '../args.js';
import { DATA_FLAGS, OUTPUT_FLAGS, REPORT_FLAG, commandLine, f4, loadData, toJson, writeOutput, type CliIo } from '../common.js';
import { checkOutputs } from '../output-path.js';
import { loadSavedModel } from '../load-model.js';
import { TABLE_FLAGS, explainable } from '../table-data.js';
import { renderReport } from '../report.js';
import { EXPLAIN_FLAG, checkExplainFlag, explainSection } from '../explain.js';

export const EVALUATE_FLAGS: FlagSpecs = { ...DATA_FLAGS, encoding: TABLE_FLAGS.encoding, ...OUTPUT_FLAGS, ...REPORT_FLAG, ...EXPLAIN_FLAG };

export const EVALUATE_HELP = `wasmlp evaluate <model.json> <test.csv | dataset> [flags]

Scores a saved model on labelled rows: accuracy, balancedAccuracy, precision, recall, f1,
rocAuc, logLoss and the confusion matrix.

  wasmlp evaluate model.json test.csv`;

export async function evaluate(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, EVALUATE_FLAGS, 'evaluate');
  if (positionals.length !== 2) throw new UsageError(`needs a model file and a data file: wasmlp evaluate model.json test.csv; received ${positionals.length} argument(s).`, 'evaluate');
  checkExplainFlag(flags, 'evaluate');
  await checkOutputs(flags, ['report'], io.cwd, positionals);
  const saved = await loadSavedModel(positionals[0], io.cwd);
  const { ds, source, classNames: fileClasses } = await loadData(positionals[1], flags, io, 'evaluate', true);
  // Labels are matched by their text, so a test file may list classes in any order.
  const y = new Int32Array(ds.y.length);
  for (let i = 0; i < y.length; i++) {
    const name = fileClasses[ds.y[i]];
    const id = saved.classNames.indexOf(name);
    if (id < 0) throw new WasmlpError('UNKNOWN_LABEL', `${source}: row ${i + 1} has label ${JSON.stringify(name)}, which the model never saw (classes: ${saved.classNames.join(', ')}).`, { row: i, file: source });
    y[i] = id;
  }
  const proba = saved.pipe.predictProba(ds.x);
  const scores = Object.fromEntries(SCORING_NAMES.map((s) => [s, getScorer(s).score(y, proba)]));
  const cm = confusionMatrix(y, predictedClasses(proba), Math.max(2, saved.classNames.length));
  let reportPath: string | undefined;
  if (flags.report !== undefined) {
    reportPath = await writeOutput(flags.report as string, renderReport({
      title: `Evaluation: ${positionals[0]} on ${source}`, command: commandLine('evaluate', argv),
      facts: [['model', positionals[0]], ['data', `${source}: ${ds.x.rows} rows`]],
      table: { header: ['score', 'value'], rows: SCORING_NAMES.map((s) => [s, f4(scores[s])]) },
      histories: [], classes: saved.classNames, yTrue: y, proba, evaluatedOn: `the ${ds.x.rows} rows of ${source}`,
      extra: flags.explain ? await explainSection(saved.pipe, explainable(ds.x, 'evaluate'), y, saved.featureNames, saved.classNames, 0, `the ${ds.x.rows} rows of ${source}`) : undefined,
    }), 'report');
  }
  saved.pipe.dispose();
  if (flags.json) {
    io.stdout.write(toJson({ command: 'evaluate', model: positionals[0], data: { source, rows: ds.x.rows }, classes: saved.classNames, scores, confusionMatrix: cm, report: reportPath ?? null }) + '\n');
    return 0;
  }
  const lines = [
    `${source}: ${ds.x.rows} rows`,
    ...SCORING_NAMES.map((s) => `${s.padEnd(17)} ${f4(scores[s])}`),
    '',
    'confusion matrix (rows: actual, columns: predicted)',
    formatTable(['', ...saved.classNames], cm.map((row, i) => [saved.classNames[i] ?? String(i), ...row.map(String)])),
  ];
  if (reportPath) lines.push('', `report written to ${reportPath}`);
  io.stdout.write(lines.join('\n') + '\n');
  return 0;
}
