// Small canvas charts: no dependency, redrawn whole on each update (a few hundred points at most).

const COLORS = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5'];

function frame(canvas) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height, left: 44, right: width - 12, top: 12, bottom: height - 28 };
}

function axes(f, xMax, yMin, yMax, yTicks = 4, xLabel = '') {
  const { ctx, left, right, top, bottom } = f;
  ctx.strokeStyle = '#cbd5e0';
  ctx.fillStyle = '#4a5568';
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  for (let i = 0; i <= yTicks; i++) {
    const v = yMin + ((yMax - yMin) * i) / yTicks;
    const y = bottom - ((bottom - top) * i) / yTicks;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.fillText(v.toFixed(yMax - yMin < 2 ? 2 : 1), 4, y + 4);
  }
  if (xMax !== null) {
    ctx.fillText('0', left - 3, bottom + 16);
    const last = String(xMax);
    ctx.fillText(last, right - ctx.measureText(last).width, bottom + 16);
  }
  if (xLabel) ctx.fillText(xLabel, (left + right - ctx.measureText(xLabel).width) / 2, bottom + 16);
}

/** Line chart of several series over epochs 1..n. series: [{ name, values }]. */
export function lineChart(canvas, series, { xMax, yMin = 0, yMax } = {}) {
  const f = frame(canvas);
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const hi = yMax ?? Math.max(1e-6, ...all) * 1.05;
  const n = Math.max(xMax ?? 0, ...series.map((s) => s.values.length), 1);
  axes(f, n, yMin, hi, 4, 'epoch');
  const { ctx, left, right, top, bottom } = f;
  series.forEach((s, k) => {
    ctx.strokeStyle = COLORS[k % COLORS.length];
    ctx.lineWidth = 2;
    ctx.beginPath();
    s.values.forEach((v, i) => {
      const x = left + ((right - left) * (i + 1)) / n;
      const y = bottom - ((bottom - top) * (Math.min(v, hi) - yMin)) / (hi - yMin || 1);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    ctx.fillStyle = COLORS[k % COLORS.length];
    ctx.fillText(s.name, left + 8 + k * 90, top + 12);
  });
  canvas.dataset.points = String(series.reduce((a, s) => a + s.values.length, 0));
}

/** ROC curve with the chance diagonal. points: [[fpr, tpr], ...]. */
export function rocChart(canvas, points, auc) {
  unitCurveChart(canvas, points, { xLabel: 'false positive rate', caption: `AUC ${auc.toFixed(4)}`, diagonal: true, color: COLORS[0], captionAt: [0.55, 0.12] });
}

/**
 * A curve in the unit square (ROC, precision-recall, reliability), with an optional diagonal (chance
 * for ROC, perfect calibration for reliability). points: [[x, y], ...].
 */
export function unitCurveChart(canvas, points, { xLabel, caption, diagonal = false, markers = false, color = COLORS[1], captionAt = [0.05, 0.06] }) {
  const f = frame(canvas);
  axes(f, 1, 0, 1, 4, xLabel);
  const { ctx, left, right, top, bottom } = f;
  const px = (v) => left + (right - left) * v;
  const py = (v) => bottom - (bottom - top) * v;
  if (diagonal) {
    ctx.strokeStyle = '#a0aec0';
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(px(0), py(0));
    ctx.lineTo(px(1), py(1));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(px(x), py(y)) : ctx.lineTo(px(x), py(y))));
  ctx.stroke();
  if (markers) for (const [x, y] of points) ctx.fillRect(px(x) - 2, py(y) - 2, 4, 4);
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillText(caption, px(captionAt[0]), py(captionAt[1]));
  canvas.dataset.points = String(points.length);
}

export function clearChart(canvas) {
  frame(canvas);
  canvas.dataset.points = '0';
}

/** Horizontal bars with one-std whiskers, largest first (permutation importance). */
export function barChart(canvas, names, mean, std) {
  const order = names.map((_, j) => j).sort((a, b) => mean[b] - mean[a]).slice(0, 12);
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const left = 120, right = width - 50, top = 8, row = Math.min(24, (height - top - 8) / Math.max(1, order.length));
  const hi = Math.max(1e-9, ...order.map((j) => mean[j] + std[j])), lo = Math.min(0, ...order.map((j) => mean[j] - std[j]));
  const x = (v) => left + ((right - left) * (v - lo)) / (hi - lo);
  ctx.font = '11px system-ui, sans-serif';
  order.forEach((j, i) => {
    const y = top + i * row;
    ctx.fillStyle = '#4a5568';
    const label = names[j].length > 18 ? `${names[j].slice(0, 17)}…` : names[j];
    ctx.fillText(label, left - 6 - ctx.measureText(label).width, y + row * 0.65);
    ctx.fillStyle = COLORS[0];
    const x0 = x(Math.min(0, mean[j])), x1 = x(Math.max(0, mean[j]));
    ctx.fillRect(x0, y + 3, Math.max(1, x1 - x0), row - 6);
    ctx.strokeStyle = '#1a202c';
    ctx.beginPath();
    ctx.moveTo(x(mean[j] - std[j]), y + row / 2);
    ctx.lineTo(x(mean[j] + std[j]), y + row / 2);
    ctx.stroke();
    ctx.fillStyle = '#4a5568';
    ctx.fillText(mean[j].toFixed(3), right + 6, y + row * 0.65);
  });
  canvas.dataset.points = String(order.length);
}

/** Partial dependence: mean probability over a numeric grid, one line per output class. */
export function dependenceChart(canvas, grid, average, labels) {
  const f = frame(canvas);
  const all = average.flat();
  const lo = Math.min(...all), hi = Math.max(...all) > lo ? Math.max(...all) : lo + 0.1;
  const xlo = grid[0], xhi = grid[grid.length - 1] > xlo ? grid[grid.length - 1] : xlo + 1;
  axes(f, null, lo, hi, 4);
  const { ctx, left, right, top, bottom } = f;
  ctx.fillText(xlo.toPrecision(3), left, bottom + 16);
  const last = xhi.toPrecision(3);
  ctx.fillText(last, right - ctx.measureText(last).width, bottom + 16);
  average.forEach((values, k) => {
    ctx.strokeStyle = COLORS[k % COLORS.length];
    ctx.lineWidth = 2;
    ctx.beginPath();
    values.forEach((v, i) => {
      const px = left + ((right - left) * (grid[i] - xlo)) / (xhi - xlo);
      const py = bottom - ((bottom - top) * (v - lo)) / (hi - lo);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.stroke();
    ctx.fillStyle = COLORS[k % COLORS.length];
    ctx.fillText(labels[k], left + 8 + k * 110, top + 12);
  });
  canvas.dataset.points = String(average.reduce((a, v) => a + v.length, 0));
}
