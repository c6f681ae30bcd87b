// The page: picks data, reads the form, starts a training worker and draws what it posts.
// Nothing heavy runs here, so the page keeps answering while a model trains.
import { inferSchema, parseTable } from 'wasmlp';
import { barChart, clearChart, dependenceChart, lineChart, rocChart, unitCurveChart } from './charts.js';

const $ = (id) => document.getElementById(id);
const fmt = (v, digits = 4) => {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return v !== 0 && Math.abs(v) < 10 ** -digits ? v.toExponential(1) : v.toFixed(digits);
};

let csv = null;
let fileName = null;
let worker = null;
let history = null;
let trainedModel = null;

// Heartbeat: ticks every 50 ms; the longest gap between ticks during training shows whether
// the page stayed responsive (read by the Playwright test as window.__maxGap).
let lastTick = performance.now();
window.__maxGap = 0;
setInterval(() => {
  const now = performance.now();
  if (worker) window.__maxGap = Math.max(window.__maxGap, now - lastTick);
  lastTick = now;
  $('heartbeat').textContent = `UI ● ${Math.round(now / 1000)} s`;
}, 50);

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

let table = null; // the parsed table (parseTable): its schema is shown before training
const dropped = new Set();

/**
 * The default label: the first column whose name says it is one (survived, species, label,
 * class, target, outcome, y, ...), otherwise the last column, as the CLI does.
 */
const LABEL_NAMES = ['label', 'target', 'class', 'y', 'outcome', 'survived', 'species', 'diagnosis', 'churn'];
function defaultLabel(t) {
  const named = t.columns.find((c) => LABEL_NAMES.includes(c.name.trim().toLowerCase()));
  return (named ?? t.columns[t.columns.length - 1]).name;
}

/** Reads the CSV/TSV (header, delimiter, missing cells detected) and shows its schema. */
function useCsv(text, name) {
  csv = text;
  fileName = name;
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  try {
    table = parseTable(text, { fileName: name, encoding: 'auto' }).table;
  } catch (e) {
    table = null;
    $('schema-panel').hidden = true;
    $('train').disabled = true;
    return setStatus(`Could not read ${name}: ${e.message}`, true);
  }
  dropped.clear();
  stopWorker();
  resetResults();
  document.body.dataset.state = 'loaded';
  $('label').innerHTML = table.columns.map((c) => `<option value="${escape(c.name)}">${escape(c.name)}</option>`).join('');
  $('label').value = defaultLabel(table);
  $('data-summary').textContent = `${name}: ${lines.length} lines, ${table.columns.length - 1} features, ${labelValues()} label values`;
  showSchema();
  $('train').disabled = false;
  setStatus('Ready to train.');
}

function labelValues() {
  const col = table.columns.find((c) => c.name === $('label').value);
  return new Set(Array.from(col.values, (v) => (v === null || Number.isNaN(v) ? null : String(v))).filter((v) => v !== null)).size;
}

/** The schema as inferSchema reads it for the chosen label and drops: one row per column. */
function showSchema() {
  const label = $('label').value;
  dropped.delete(label);
  const schema = inferSchema(table, { label, drop: [...dropped], warn: false });
  const head = '<tr><th>column</th><th>kind</th><th>missing</th><th>distinct</th><th>examples</th><th>what will be done</th><th>drop</th></tr>';
  const body = schema.columns.map((c) => {
    const cls = c.role === 'label' ? 'label-row' : c.role === 'dropped' ? 'dropped' : '';
    const action = c.role === 'label' ? 'label' : c.role === 'dropped' ? 'dropped (asked)' : c.action;
    const box = c.role === 'label' ? '' : `<input type="checkbox" class="drop-col" data-column="${escape(c.name)}"${dropped.has(c.name) ? ' checked' : ''}>`;
    return `<tr class="${cls}" data-column="${escape(c.name)}"><td>${escape(c.name)}</td><td class="kind">${c.kind}</td><td class="missing">${c.missing}</td><td class="distinct">${c.distinct}</td>`
      + `<td class="examples" title="${escape(c.examples.join(', '))}">${escape(c.examples.join(', '))}</td><td class="action">${escape(action)}</td><td class="keep">${box}</td></tr>`;
  }).join('');
  $('schema').innerHTML = head + body;
  $('schema-warnings').innerHTML = schema.warnings.map((w) => `<li data-code="${w.code}"><b>${w.code}</b>: ${escape(w.message)}</li>`).join('');
  $('schema-panel').hidden = false;
  $('schema').dataset.label = label;
}

/** The numeric flow (scaler + network on a matrix) fits when every feature is a complete number column, the label is last and nothing is dropped. */
function isPlainNumeric() {
  const label = $('label').value;
  const last = table.columns[table.columns.length - 1].name;
  return label === last && dropped.size === 0 && table.columns.slice(0, -1).every((c) => c.type === 'number' && !Array.from(c.values).some(Number.isNaN));
}

async function loadShared(name) {
  if (!name) return;
  try {
    const response = await fetch(`/datasets/${encodeURIComponent(name)}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    useCsv(await response.text(), name);
  } catch (e) {
    setStatus(`Could not load ${name}: ${e.message}`, true);
  }
}

async function listShared() {
  try {
    const { files } = await (await fetch('/datasets/')).json();
    for (const f of files) $('dataset').append(new Option(f, f));
    $('dataset').dataset.count = String(files.length);
  } catch {
    $('dataset').dataset.count = '0';
  }
}

async function useFile(file) {
  if (!file) return;
  $('dataset').value = '';
  useCsv(await file.text(), file.name);
}

function readConfig() {
  const hidden = $('layers').value.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (hidden.some((u) => !Number.isInteger(u) || u < 1 || u > 1024)) throw new Error('Hidden layers: whole numbers of units (1 to 1024), comma-separated, e.g. 16,8.');
  const num = (id, min) => {
    const v = Number($(id).value);
    if (!Number.isFinite(v) || v < min) throw new Error(`${$(id).parentElement.firstChild.textContent.trim()} must be a number of at least ${min}.`);
    return v;
  };
  return {
    hidden,
    activation: $('activation').value,
    optimizer: $('optimizer').value,
    learningRate: num('lr', 0),
    epochs: Math.round(num('epochs', 1)),
    batchSize: Math.round(num('batch', 1)),
    scaler: $('scaler').value,
    folds: Math.round(num('folds', 0)),
    seed: Math.round(num('seed', -1e9)),
  };
}

function resetResults() {
  history = { loss: [], valLoss: [], accuracy: [], valAccuracy: [] };
  trainedModel = null;
  $('download').disabled = true;
  $('holdout').innerHTML = '';
  $('confusion').innerHTML = '';
  $('cv').innerHTML = '';
  $('roc-note').textContent = '';
  $('epoch-count').textContent = '';
  $('importance-note').textContent = '';
  for (const i of [0, 1]) $(`dependence-chart-${i}`).parentElement.querySelector('figcaption').textContent = 'Partial dependence';
  for (const id of ['loss-chart', 'acc-chart', 'roc-chart', 'pr-chart', 'calibration-chart', 'importance-chart', 'dependence-chart-0', 'dependence-chart-1']) clearChart($(id));
}

let drawPending = false;
let drawEpochs = 0;

/** Redraws the curves at most once per frame, however fast epochs arrive. */
function scheduleCurves(epochs) {
  drawEpochs = epochs;
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    drawCurves(drawEpochs);
  });
}

function drawCurves(epochs) {
  lineChart($('loss-chart'), [{ name: 'train', values: history.loss }, { name: 'validation', values: history.valLoss }], { xMax: epochs });
  lineChart($('acc-chart'), [{ name: 'train', values: history.accuracy }, { name: 'validation', values: history.valAccuracy }], { xMax: epochs, yMin: 0, yMax: 1 });
}

function showHoldout(m) {
  const rows = [['test rows', String(m.rows)], ['accuracy', fmt(m.accuracy)], ['loss', fmt(m.loss)]];
  if (m.auc !== null) rows.push(['ROC AUC', fmt(m.auc)]);
  $('holdout').innerHTML = rows.map(([k, v]) => `<dt>${k}</dt><dd data-metric="${k}">${v}</dd>`).join('');
  const head = `<tr><th>actual \\ predicted</th>${m.classes.map((c) => `<th>${escape(c)}</th>`).join('')}</tr>`;
  const body = m.confusion.map((row, i) => `<tr><th>${escape(m.classes[i])}</th>${row.map((n, j) => `<td class="${i === j ? 'hit' : ''}">${n}</td>`).join('')}</tr>`).join('');
  $('confusion').innerHTML = head + body;
  if (m.roc) {
    rocChart($('roc-chart'), m.roc, m.auc);
    unitCurveChart($('pr-chart'), m.pr, { xLabel: 'recall', caption: `average precision ${m.prAuc.toFixed(4)}` });
    unitCurveChart($('calibration-chart'), m.calibration, { xLabel: 'mean predicted probability', caption: `Brier ${m.brier.toFixed(4)}`, diagonal: true, markers: true, captionAt: [0.05, 0.9] });
  } else {
    $('roc-note').textContent = 'ROC, precision-recall and reliability curves are drawn for two-class data.';
  }
}

function showExplanations(m) {
  barChart($('importance-chart'), m.names, m.mean, m.std);
  m.dependence.forEach((pd, i) => {
    const canvas = $(`dependence-chart-${i}`);
    dependenceChart(canvas, pd.grid[0], pd.average, pd.outputs.map((c) => `p(${m.classes[c]})`));
    canvas.parentElement.querySelector('figcaption').textContent = `Partial dependence on ${pd.features[0]}`;
  });
  $('importance-note').textContent = `Drop in ${m.scoring} on the hold-out when one column is shuffled (mean ± std of 5 shuffles); partial dependence of the two most important columns.`;
}

function addFold(f) {
  if (!$('cv').rows.length) $('cv').innerHTML = '<tr><th>fold</th><th>train</th><th>test</th><th>accuracy</th><th>loss</th><th>AUC</th></tr>';
  const tr = $('cv').insertRow();
  tr.className = 'fold';
  tr.innerHTML = `<td>${f.fold}</td><td>${f.train}</td><td>${f.test}</td><td>${fmt(f.accuracy)}</td><td>${fmt(f.loss)}</td><td>${fmt(f.auc)}</td>`;
  setStatus(`Cross-validation: fold ${f.fold} of ${f.folds} done…`);
}

function addCvSummary(s) {
  const tr = $('cv').insertRow();
  tr.className = 'mean';
  const pm = (p) => (p ? `${fmt(p[0])} ± ${fmt(p[1])}` : '—');
  tr.innerHTML = `<th colspan="3">mean ± std</th><th>${pm(s.accuracy)}</th><th>${pm(s.loss)}</th><th>${pm(s.auc)}</th>`;
}

function escape(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function stopWorker() {
  worker?.terminate();
  worker = null;
  $('train').disabled = !csv;
  $('stop').disabled = true;
}

function train() {
  let config;
  try {
    config = readConfig();
  } catch (e) {
    return setStatus(e.message, true);
  }
  stopWorker();
  resetResults();
  window.__maxGap = 0;
  window.__epochTimes = []; // arrival time of each epoch's numbers (read by the test)
  lastTick = performance.now();
  worker = new Worker(new URL('./train.worker.js', import.meta.url), { type: 'module' });
  $('train').disabled = true;
  $('stop').disabled = false;
  setStatus('Loading the data in the worker…');
  document.body.dataset.state = 'training';
  worker.onmessage = ({ data: msg }) => {
    switch (msg.type) {
      case 'data':
        $('data-summary').textContent = `${fileName}: ${msg.rows} rows, ${msg.cols} features${msg.encoded ? ` (${msg.encoded} columns after encoding)` : ''}, classes ${msg.classes.join(', ')}${msg.droppedRows ? ` (${msg.droppedRows} row${msg.droppedRows === 1 ? '' : 's'} without a label left out)` : ''}`;
        setStatus('Training…');
        break;
      case 'epoch':
        window.__epochTimes.push(performance.now());
        history.loss.push(msg.loss);
        history.valLoss.push(msg.valLoss);
        history.accuracy.push(msg.accuracy);
        history.valAccuracy.push(msg.valAccuracy);
        $('epoch-count').textContent = `epoch ${msg.epoch} / ${msg.epochs} · loss ${fmt(msg.loss)} · val accuracy ${fmt(msg.valAccuracy)}`;
        $('epoch-count').dataset.epoch = String(msg.epoch);
        scheduleCurves(msg.epochs);
        break;
      case 'holdout':
        drawCurves(history.loss.length);
        showHoldout(msg);
        setStatus(config.folds >= 2 ? 'Cross-validation…' : 'Done.');
        break;
      case 'explain':
        showExplanations(msg);
        break;
      case 'model':
        trainedModel = msg;
        $('download').disabled = false;
        break;
      case 'fold':
        addFold(msg);
        break;
      case 'cv':
        addCvSummary(msg);
        break;
      case 'done':
        setStatus(`Done in ${msg.seconds.toFixed(1)} s.`);
        document.body.dataset.state = 'done';
        stopWorker();
        break;
      case 'error':
        setStatus(msg.message, true);
        document.body.dataset.state = 'error';
        stopWorker();
        break;
    }
  };
  worker.onerror = (e) => {
    setStatus(`The training worker failed: ${e.message}`, true);
    document.body.dataset.state = 'error';
    stopWorker();
  };
  const tableSpec = isPlainNumeric() ? null : { label: $('label').value, drop: [...dropped] };
  worker.postMessage({ type: 'train', csv, fileName, config, table: tableSpec });
  if (tableSpec) $('importance-note').textContent = 'Permutation importance and partial dependence are drawn for all-numeric tables (label last, nothing dropped).';
}

function download() {
  if (!trainedModel) return;
  const blob = new Blob([JSON.stringify(trainedModel.json, null, 1)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = trainedModel.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

$('dataset').addEventListener('change', (e) => loadShared(e.target.value));
$('file').addEventListener('change', (e) => useFile(e.target.files[0]));
$('train').addEventListener('click', train);
$('stop').addEventListener('click', () => {
  stopWorker();
  setStatus('Stopped.');
  document.body.dataset.state = 'stopped';
});
$('download').addEventListener('click', download);
$('label').addEventListener('change', () => {
  $('data-summary').textContent = `${fileName}: ${table.rows} rows, ${table.columns.length - 1} features, ${labelValues()} label values`;
  showSchema();
});
$('schema').addEventListener('change', (e) => {
  const box = e.target.closest('input.drop-col');
  if (!box) return;
  if (box.checked) dropped.add(box.dataset.column);
  else dropped.delete(box.dataset.column);
  showSchema();
});
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  useFile(e.dataTransfer.files[0]);
});
resetResults();
listShared();
