import type { Matrix } from '../data/matrix.js';
import { confusionMatrix } from '../metrics/scores.js';
import { predictedClasses, positiveColumn, rocAucScore } from '../metrics/scoring.js';
import { decisionCharts } from './decision.js';

/** What `--report` shows: run facts, a scores table, learning curves, a ROC curve, a confusion matrix. */
export interface ReportInput {
  title: string;
  command: string;
  facts: [string, string][];
  table?: { header: string[]; rows: string[][] };
  /** Heading of the table (default 'Scores'). */
  tableTitle?: string;
  /** Per fold (or one) training history: loss, accuracy, val_loss ... per epoch. */
  histories: Record<string, number[]>[];
  classes: string[];
  /** Class id per row and the predicted probabilities the ROC curve and confusion matrix use (none: no such section). */
  yTrue?: ArrayLike<number>;
  proba?: Matrix;
  /** What rows yTrue/proba cover, e.g. "out-of-fold predictions of 10-fold CV". */
  evaluatedOn?: string;
  /** Class id per row for the confusion matrix when the decision is not p > 0.5 (tuned thresholds per fold). */
  predicted?: Int32Array;
  /** Further sections (HTML), e.g. --explain's charts. */
  extra?: string;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

interface Series { name: string; values: readonly number[]; color: string; width?: number; opacity?: number; dash?: boolean }

/** A line chart over epochs (1-based x) as inline SVG. */
function lineChart(title: string, series: Series[], yLabel: string): string {
  const W = 520, H = 300, L = 56, R = 16, T = 28, B = 40;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const n = Math.max(1, ...series.map((s) => s.values.length));
  let lo = Math.min(...all), hi = Math.max(...all);
  if (!all.length) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const x = (i: number) => L + ((W - L - R) * (n === 1 ? 0.5 : i / (n - 1)));
  const y = (v: number) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo));
  const grid = ticks.map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/><text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`).join('');
  const xt = [1, Math.ceil(n / 2), n].filter((v, i, a) => a.indexOf(v) === i)
    .map((e) => `<text x="${x(e - 1).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${e}</text>`).join('');
  const lines = series.map((s) => {
    const pts = s.values.map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : '')).filter(Boolean).join(' ');
    return `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}" stroke-opacity="${s.opacity ?? 1}"${s.dash ? ' stroke-dasharray="5 4"' : ''}/>`;
  }).join('');
  const legend = series.filter((s) => (s.opacity ?? 1) === 1).map((s, i) => `<g transform="translate(${L + 8 + i * 150},${T + 4})"><line x1="0" x2="18" y1="0" y2="0" stroke="${s.color}" stroke-width="2"${s.dash ? ' stroke-dasharray="5 4"' : ''}/><text x="24" y="4">${esc(s.name)}</text></g>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><text x="${W / 2}" y="16" text-anchor="middle" class="title">${esc(title)}</text>${grid}${xt}<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle">epoch</text><text transform="translate(14,${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>${lines}${legend}</svg>`;
}

/** Mean over folds per epoch (folds may stop at different epochs). */
function meanCurve(curves: readonly number[][]): number[] {
  const n = Math.max(0, ...curves.map((c) => c.length));
  return Array.from({ length: n }, (_, i) => {
    const vals = curves.map((c) => c[i]).filter((v) => v !== undefined && Number.isFinite(v));
    return vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length);
  });
}

function learningCurves(histories: Record<string, number[]>[]): string {
  if (!histories.length) return '<p>No training history.</p>';
  const keys = Object.keys(histories[0]);
  const charts: string[] = [];
  const groups = [keys.filter((k) => /loss$/i.test(k)), keys.filter((k) => /accuracy$/i.test(k))];
  groups.forEach((group, g) => {
    if (!group.length) return;
    const series: Series[] = [];
    group.forEach((key, i) => {
      const color = COLORS[i % COLORS.length];
      const curves = histories.map((h) => h[key] ?? []);
      if (histories.length > 1) for (const c of curves) series.push({ name: key, values: c, color, width: 1, opacity: 0.25, dash: key.startsWith('val_') });
      series.push({ name: histories.length > 1 ? `${key} (mean of ${histories.length} folds)` : key, values: meanCurve(curves), color, dash: key.startsWith('val_') });
    });
    charts.push(lineChart(g === 0 ? 'Loss per epoch' : 'Accuracy per epoch', series, g === 0 ? 'loss' : 'accuracy'));
  });
  return charts.join('\n');
}

/** ROC points (fpr, tpr) from the highest threshold down, one step per distinct score. */
export function rocPoints(y: ArrayLike<number>, scores: ArrayLike<number>): [number, number][] {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let pos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) pos++;
  const neg = y.length - pos;
  const pts: [number, number][] = [[0, 0]];
  let tp = 0, fp = 0;
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i]];
    while (i < order.length && scores[order[i]] === s) (y[order[i]] === 1 ? tp++ : fp++), i++;
    pts.push([neg ? fp / neg : 0, pos ? tp / pos : 0]);
  }
  return pts;
}

function rocChart(y: ArrayLike<number>, proba: Matrix, classes: string[]): string {
  const S = 300, M = 44;
  const curves: { name: string; pts: [number, number][] }[] = [];
  const auc = rocAucScore(y, proba);
  if (proba.cols <= 2) {
    curves.push({ name: `${classes[1] ?? 'class 1'} vs ${classes[0] ?? 'class 0'} (AUC ${auc.toFixed(3)})`, pts: rocPoints(y, positiveColumn(proba)) });
  } else {
    for (let c = 0; c < proba.cols; c++) {
      const yc = Array.from(y, (v) => (v === c ? 1 : 0));
      const pc = Array.from({ length: proba.rows }, (_, r) => proba.data[r * proba.cols + c]);
      curves.push({ name: `${classes[c] ?? c} vs rest`, pts: rocPoints(yc, pc) });
    }
  }
  // Plot square from (M, 30) to (S - 10, S - M + 20).
  const px = (v: number) => M + v * (S - M - 10), py = (v: number) => S - M + 20 - v * (S - M - 10);
  const lines = curves.map((c, i) => `<polyline points="${c.pts.map(([f, t]) => `${px(f).toFixed(1)},${py(t).toFixed(1)}`).join(' ')}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"/>`).join('');
  const legend = curves.map((c, i) => `<text x="${px(0.3)}" y="${py(0.25) + i * 14}" fill="${COLORS[i % COLORS.length]}">${esc(c.name)}</text>`).join('');
  const ticks = [0, 0.5, 1].map((v) => `<text x="${px(v)}" y="${py(0) + 16}" text-anchor="middle">${v}</text><text x="${px(0) - 6}" y="${py(v) + 4}" text-anchor="end">${v}</text>`).join('');
  const title = proba.cols <= 2 ? `ROC curve, AUC ${auc.toFixed(3)}` : `ROC curves (one vs rest), macro AUC ${auc.toFixed(3)}`;
  return `<svg viewBox="0 0 ${S + 120} ${S + 30}" width="${S + 120}" height="${S + 30}" role="img" aria-label="ROC curve"><text x="${(S + 120) / 2}" y="16" text-anchor="middle" class="title">${title}</text><rect x="${px(0)}" y="${py(1)}" width="${px(1) - px(0)}" height="${py(0) - py(1)}" fill="none" class="grid"/><line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" class="grid" stroke-dasharray="4 4"/>${ticks}${lines}${legend}<text x="${(px(0) + px(1)) / 2}" y="${py(0) + 30}" text-anchor="middle">false positive rate</text><text transform="translate(12,${(py(0) + py(1)) / 2}) rotate(-90)" text-anchor="middle">true positive rate</text></svg>`;
}

function confusionChart(y: ArrayLike<number>, proba: Matrix, classes: string[], predicted?: Int32Array): string {
  const k = Math.max(2, proba.cols, classes.length);
  const cm = confusionMatrix(y, predicted ?? predictedClasses(proba), k);
  const cell = Math.min(80, Math.max(36, Math.floor(320 / k))), L = 110, T = 50;
  const max = Math.max(1, ...cm.flat());
  const rects = cm.flatMap((row, a) => row.map((v, p) => {
    const shade = v / max;
    const fill = `rgba(31,119,180,${(0.08 + 0.85 * shade).toFixed(3)})`;
    return `<rect x="${L + p * cell}" y="${T + a * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/><text x="${L + p * cell + cell / 2}" y="${T + a * cell + cell / 2 + 5}" text-anchor="middle" fill="${shade > 0.55 ? '#fff' : '#111'}" class="count">${v}</text>`;
  })).join('');
  const names = Array.from({ length: k }, (_, i) => classes[i] ?? String(i));
  const labels = names.map((n, i) => `<text x="${L + i * cell + cell / 2}" y="${T - 8}" text-anchor="middle">${esc(n)}</text><text x="${L - 8}" y="${T + i * cell + cell / 2 + 4}" text-anchor="end">${esc(n)}</text>`).join('');
  const W = Math.max(L + k * cell + 20, 360), H = T + k * cell + 30;
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="confusion matrix"><text x="${L + (k * cell) / 2}" y="16" text-anchor="middle" class="title">Confusion matrix</text><text x="${L - 8}" y="${T - 8}" text-anchor="end" fill="#666">actual \\ predicted</text>${labels}${rects}<text x="${L + (k * cell) / 2}" y="${H - 6}" text-anchor="middle">rows: actual class, columns: predicted class</text></svg>`;
}

function table(header: string[], rows: string[][]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function predictionCharts(y: ArrayLike<number>, proba: Matrix, r: ReportInput): string {
  return `<h2>ROC curve and confusion matrix</h2><p>From ${esc(r.evaluatedOn ?? 'the predictions')}.</p>
<div class="charts">${rocChart(y, proba, r.classes)}${confusionChart(y, proba, r.classes, r.predicted)}</div>
${decisionCharts(y, proba)}`;
}

/** A self-contained HTML page: inline CSS and SVG, no scripts, no external files. */
export function renderReport(r: ReportInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#111;padding:0 16px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}code{background:#f3f3f3;padding:2px 4px;border-radius:3px}
table{border-collapse:collapse;margin:8px 0}td,th{border-bottom:1px solid #ddd;padding:3px 10px;text-align:left;font-variant-numeric:tabular-nums}
svg{font:11px system-ui,sans-serif;margin:6px 12px 6px 0;vertical-align:top}svg .title{font-size:13px;font-weight:600}
svg .grid{stroke:#ccc;stroke-width:1}svg .count{font-size:13px}.charts{display:flex;flex-wrap:wrap}
</style></head><body>
<h1>${esc(r.title)}</h1>
<p><code>${esc(r.command)}</code></p>
${table(['', ''], r.facts.map(([k, v]) => [k, v])).replace('<thead><tr><th></th><th></th></tr></thead>', '')}
${r.table ? `<h2>${esc(r.tableTitle ?? 'Scores')}</h2>${table(r.table.header, r.table.rows)}` : ''}
${r.histories.length ? `<h2>Learning curves</h2><div class="charts">${learningCurves(r.histories)}</div>` : ''}
${r.yTrue && r.proba ? predictionCharts(r.yTrue, r.proba, r) : ''}
${r.extra ?? ''}
<p style="color:#666">Written by wasmlp ${new Date().toISOString()}.</p>
</body></html>
`;
}
