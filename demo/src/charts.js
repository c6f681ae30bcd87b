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
  ctx.fillText('0', left - 3, bottom + 16);
  const last = String(xMax);
  ctx.fillText(last, right - ctx.measureText(last).width, bottom + 16);
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
