/**
 * `--explain`: permutation importance and partial dependence as sections of the --report page
 * (inline SVG: a bar chart with one-std whiskers and a line chart per top column).
 */
import type { Matrix } from '../data/matrix.js';
import { isTable, type Table } from '../data/table.js';
import type { Pipeline } from '../model-selection/pipeline.js';
import { TableTransformer } from '../preprocessing/table-transformer.js';
import { permutationImportance } from '../explain/permutation-importance.js';
import { partialDependence, type PartialDependenceResult } from '../explain/partial-dependence.js';
import { UsageError, type FlagSpecs } from './args.js';

export const EXPLAIN_FLAG: FlagSpecs = {
  explain: { kind: 'bool', help: 'add permutation importance (10 shuffles per column) and partial dependence of the top 3 columns to the --report page' },
};

export function checkExplainFlag(flags: Record<string, unknown>, command: string): void {
  if (flags.explain && flags.report === undefined) throw new UsageError('--explain adds charts to the HTML report; give --report file.html as well.', command);
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

/** Horizontal bars (mean) with whiskers (± std), largest first. */
export function importanceChart(names: string[], mean: number[], std: number[], scoring: string): string {
  const order = names.map((_, j) => j).sort((a, b) => mean[b] - mean[a]).slice(0, 25);
  const L = 150, R = 70, T = 30, bar = 18, W = 560, H = T + order.length * (bar + 6) + 30;
  const hi = Math.max(1e-9, ...order.map((j) => mean[j] + std[j])), lo = Math.min(0, ...order.map((j) => mean[j] - std[j]));
  const x = (v: number) => L + ((W - L - R) * (v - lo)) / (hi - lo);
  const rows = order.map((j, i) => {
    const y = T + i * (bar + 6);
    const x0 = x(Math.min(0, mean[j])), x1 = x(Math.max(0, mean[j]));
    return `<text x="${L - 6}" y="${y + bar - 5}" text-anchor="end">${esc(names[j])}</text><rect x="${x0.toFixed(1)}" y="${y}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${bar}" fill="${COLORS[0]}" fill-opacity="0.75"/><line x1="${x(mean[j] - std[j]).toFixed(1)}" x2="${x(mean[j] + std[j]).toFixed(1)}" y1="${y + bar / 2}" y2="${y + bar / 2}" stroke="#111"/><text x="${W - R + 6}" y="${y + bar - 5}">${fmt(mean[j])}</text>`;
  }).join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="permutation importance"><text x="${W / 2}" y="16" text-anchor="middle" class="title">Permutation importance (drop in ${esc(scoring)}, mean ± std)</text><line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${T - 4}" y2="${H - 26}" class="grid"/>${rows}</svg>`;
}

/** Partial dependence of one numeric column: mean probability per grid value, a line per output class. */
export function dependenceChart(pd: PartialDependenceResult, classes: string[]): string {
  const W = 360, H = 260, L = 50, R = 12, T = 28, B = 40;
  const grid = pd.grid[0] as (number | string)[];
  const numeric = typeof grid[0] === 'number';
  const xs = numeric ? (grid as number[]) : grid.map((_, i) => i);
  const xlo = Math.min(...xs), xhi = Math.max(...xs) === xlo ? xlo + 1 : Math.max(...xs);
  const all = pd.average.flat();
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi - lo < 1e-6) { lo -= 0.05; hi += 0.05; }
  const x = (v: number) => L + ((W - L - R) * (v - xlo)) / (xhi - xlo), y = (v: number) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const lines = pd.average.map((vals, o) => `<polyline points="${vals.map((v, i) => `${x(xs[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}" fill="none" stroke="${COLORS[o % COLORS.length]}" stroke-width="2"/>`).join('');
  const legend = pd.outputs.map((c, o) => `<text x="${L + 6}" y="${T + 12 + o * 13}" fill="${COLORS[o % COLORS.length]}">p(${esc(classes[c] ?? String(c))})</text>`).join('');
  const yt = [lo, (lo + hi) / 2, hi].map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/><text x="${L - 5}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`).join('');
  const xt = (numeric ? [xlo, (xlo + xhi) / 2, xhi] : xs).map((v, i) => `<text x="${x(v).toFixed(1)}" y="${H - B + 15}" text-anchor="middle">${esc(numeric ? fmt(v) : String(grid[i]))}</text>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="partial dependence on ${esc(pd.features[0])}"><text x="${W / 2}" y="16" text-anchor="middle" class="title">Partial dependence on ${esc(pd.features[0])}</text>${yt}${xt}${lines}${legend}<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle">${esc(pd.features[0])}</text></svg>`;
}

/**
 * The columns of a table the pipeline reads (its TableTransformer's plans with outputs): a column
 * the user dropped, or one dropped as an ID or a constant, has no importance to report.
 */
function usedColumns(pipe: Pipeline, x: Table): Table {
  const head = pipe.transformers[0]?.step;
  if (!(head instanceof TableTransformer) || !head.isFitted) return x;
  const used = new Set(head.columnPlans().filter((p) => p.outputs.length > 0).map((p) => p.name));
  return { ...x, columns: x.columns.filter((c) => used.has(c.name)) };
}

/**
 * The report section: importance of every input column, partial dependence of the top three. A
 * table is explained by its original columns (a one-hot encoded column as the one column it was).
 */
export async function explainSection(pipe: Pipeline, x: Matrix | Table, y: ArrayLike<number>, featureNames: string[], classes: string[], seed: number, rowsLabel: string): Promise<string> {
  if (isTable(x)) x = usedColumns(pipe, x);
  const names = !isTable(x) && featureNames.length === x.cols ? featureNames : undefined;
  const imp = await permutationImportance(pipe, x, y, { nRepeats: 10, seed, featureNames: names });
  const top = imp.featureNames.map((_, j) => j).sort((a, b) => imp.importancesMean[b] - imp.importancesMean[a]).slice(0, 3);
  const pds = top.map((j) => dependenceChart(partialDependence(pipe, x, j, { gridResolution: 20, featureNames: names }), classes));
  return `<h2>Explanations</h2><p>On ${esc(rowsLabel)}. Permutation importance: how much ${esc(imp.scoring)} (${fmt(imp.baselineScore)} unshuffled) drops when one column's values are shuffled across rows, 10 shuffles each. Partial dependence: the mean predicted probability with the column set to each value for every row.</p>
<div class="charts">${importanceChart(imp.featureNames, imp.importancesMean, imp.importancesStd, imp.scoring)}</div>
<div class="charts">${pds.join('')}</div>`;
}
