// The browser demo (demo/, `npm run demo:web`) driven in Debian's Chromium by playwright-core:
// load Banknote through the file input, train, check the live curves, the hold-out numbers, the
// confusion matrix, the ROC curve, the cross-validation table and the download, and that the page
// kept answering while the worker trained. Then a shared dataset (iris, three classes) from the
// picker, and the shared tables titanic and penguins: the inferred schema (kinds, missing counts,
// the LABEL_LEAK warning for titanic's `alive`), the label picker, the drop checkboxes, training
// through Pipeline([TableTransformer, KerasClassifier]) and the downloaded pipeline.
// Screenshots go to test-output/demo/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banknoteText, freePort, requireDist, ROOT } from '../runtimes/shared/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output', 'demo');

describe('browser demo', () => {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  beforeAll(async () => {
    requireDist();
    mkdirSync(OUT, { recursive: true });
    const port = await freePort();
    server = await createServer({ configFile: join(ROOT, 'demo', 'vite.config.js'), logLevel: 'error', server: { port, strictPort: true, host: '127.0.0.1' } });
    await server.listen();
    base = `http://127.0.0.1:${port}/`;
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it).`);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, timeout: 60_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1100 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(base, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
  });

  it('trains a dropped CSV in a worker, live, and shows every result', async () => {
    await page.setInputFiles('#file', { name: 'banknote_authentication.csv', mimeType: 'text/csv', buffer: Buffer.from(banknoteText()) });
    await expect.poll(() => page.textContent('#data-summary')).toContain('1372 lines');
    await page.fill('#layers', '8,8');
    await page.selectOption('#activation', 'tanh');
    await page.selectOption('#optimizer', 'adam');
    await page.fill('#lr', '0.01');
    await page.fill('#epochs', '500');
    await page.fill('#folds', '5');
    // Record, on the page, every epoch number shown while training: a MutationObserver fires after
    // each worker message is rendered, so this counts intermediate updates by event, not by polling luck.
    await page.evaluate(() => {
      const w = window as unknown as { __shown: string[] };
      w.__shown = [];
      const el = document.getElementById('epoch-count')!;
      new MutationObserver(() => { if (document.body.dataset.state === 'training' && el.dataset.epoch) w.__shown.push(el.dataset.epoch); })
        .observe(el, { attributes: true, attributeFilter: ['data-epoch'] });
    });
    await page.click('#train');
    await page.fill('#seed', '2'); // typing works while the worker trains
    await page.waitForFunction(() => document.body.dataset.state !== 'training', null, { timeout: 150_000 });
    const epochsSeen = new Set(await page.evaluate(() => (window as unknown as { __shown: string[] }).__shown));
    await page.fill('#seed', '1');
    expect(await page.evaluate(() => document.body.dataset.state), `status: ${await page.textContent('#status')}\n${errors.join('\n')}`).toBe('done');
    const { maxGap, epochTimes } = await page.evaluate(() => {
      const w = window as unknown as { __maxGap: number; __epochTimes: number[] };
      return { maxGap: w.__maxGap, epochTimes: w.__epochTimes };
    });
    const spread = epochTimes[epochTimes.length - 1] - epochTimes[0];
    console.log(`[demo] ${epochTimes.length} epoch updates over ${spread.toFixed(0)} ms, ${epochsSeen.size} distinct epochs rendered while training, longest UI gap ${maxGap.toFixed(0)} ms, status: ${await page.textContent('#status')}`);
    // Live: each epoch's numbers arrive as it ends, not all at once when training is over.
    expect(epochTimes).toHaveLength(500);
    expect(spread).toBeGreaterThan(100);
    expect(epochsSeen.size, 'the page showed intermediate epochs').toBeGreaterThanOrEqual(2);
    // Training on the page thread would stall it for about the whole training time (spread); a
    // loaded machine can deschedule the page for a while too, so the bound scales with the run.
    expect(maxGap, 'the page thread never stalled for long').toBeLessThan(Math.max(500, spread / 4));

    expect(Number(await page.getAttribute('#loss-chart', 'data-points'))).toBe(1000);
    const accuracy = Number(await page.textContent('dd[data-metric="accuracy"]'));
    expect(accuracy).toBeGreaterThan(0.95);
    expect(Number(await page.textContent('dd[data-metric="ROC AUC"]'))).toBeGreaterThan(0.97);
    const cells = (await page.$$eval('#confusion td', (tds) => tds.map((td) => Number(td.textContent)))) as number[];
    expect(cells).toHaveLength(4);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(275);
    expect(Number(await page.getAttribute('#roc-chart', 'data-points'))).toBeGreaterThan(10);
    expect(Number(await page.getAttribute('#pr-chart', 'data-points'))).toBeGreaterThan(10);
    expect(Number(await page.getAttribute('#calibration-chart', 'data-points'))).toBeGreaterThanOrEqual(2); // a near-perfect model fills only the end bins
    // Explanations: one importance bar per feature, partial dependence over 20 grid points for the top two.
    expect(Number(await page.getAttribute('#importance-chart', 'data-points'))).toBe(4);
    expect(Number(await page.getAttribute('#dependence-chart-0', 'data-points'))).toBe(20);
    expect(Number(await page.getAttribute('#dependence-chart-1', 'data-points'))).toBe(20);
    expect(await page.textContent('#importance-note')).toContain('Drop in accuracy');
    expect(await page.$$eval('#cv tr.fold', (rows) => rows.length)).toBe(5);
    expect(await page.textContent('#cv tr.mean')).toMatch(/(0\.9\d+|1\.0000) ± 0\.0\d+/);
    await page.screenshot({ path: join(OUT, 'banknote.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const saved = join(OUT, download.suggestedFilename());
    await download.saveAs(saved);
    const json = JSON.parse(readFileSync(saved, 'utf8'));
    expect(download.suggestedFilename()).toBe('banknote_authentication-model.json');
    expect(json.format).toBe('wasmlp-demo-model');
    expect(json.model.layers).toHaveLength(3);
    expect(json.classes).toEqual(['0', '1']);
    expect(errors).toEqual([]);
  });

  it('loads a shared dataset from the picker and trains three classes', async () => {
    await expect.poll(() => page.getAttribute('#dataset', 'data-count')).not.toBe(null);
    await page.selectOption('#dataset', 'iris.csv');
    await expect.poll(() => page.textContent('#data-summary')).toContain('iris.csv: 150 lines');
    await page.fill('#layers', '16');
    await page.selectOption('#activation', 'relu');
    await page.fill('#epochs', '60');
    await page.fill('#folds', '3');
    await page.click('#train');
    await page.waitForFunction(() => document.body.dataset.state !== 'training', null, { timeout: 120_000 });
    expect(await page.evaluate(() => document.body.dataset.state), String(await page.textContent('#status'))).toBe('done');
    const cells = (await page.$$eval('#confusion td', (tds) => tds.map((td) => Number(td.textContent)))) as number[];
    expect(cells).toHaveLength(9);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(30);
    expect(Number(await page.textContent('dd[data-metric="accuracy"]'))).toBeGreaterThan(0.8);
    expect(await page.textContent('#roc-note')).toContain('two-class');
    expect(await page.$$eval('#cv tr.fold', (rows) => rows.length)).toBe(3);
    await page.screenshot({ path: join(OUT, 'iris.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  /** Waits until training ended (done, error or stopped), whatever the machine's load. */
  const finished = async () => {
    await page.waitForFunction(() => document.body.dataset.state !== 'training', null, { timeout: 180_000 });
    expect(await page.evaluate(() => document.body.dataset.state), `status: ${await page.textContent('#status')}\n${errors.join('\n')}`).toBe('done');
  };
  const schemaCell = (column: string, cell: string) => page.textContent(`#schema tr[data-column="${column}"] td.${cell}`);

  it('shows titanic\'s schema, takes survived as the label, drops alive and trains the table', async () => {
    await page.selectOption('#dataset', 'titanic.csv');
    await page.locator('#schema tr[data-column="age"]').waitFor();
    expect(await page.inputValue('#label'), 'default label rule: a column named survived').toBe('survived');
    expect(await schemaCell('age', 'missing')).toBe('177');
    expect(await schemaCell('age', 'kind')).toBe('number');
    expect(await schemaCell('embarked', 'kind')).toBe('category');
    expect(await schemaCell('embarked', 'missing')).toBe('2');
    expect(await schemaCell('deck', 'missing')).toBe('688');
    expect(await page.getAttribute('#schema tr[data-column="survived"]', 'class')).toContain('label-row');
    // alive restates the label: the page says so until it is dropped.
    await page.locator('#schema-warnings li[data-code="LABEL_LEAK"]', { hasText: 'alive' }).waitFor();
    await page.screenshot({ path: join(OUT, 'titanic-schema.png'), fullPage: true });
    await page.check('#schema input.drop-col[data-column="alive"]');
    await page.locator('#schema tr.dropped[data-column="alive"]').waitFor();
    expect(await schemaCell('alive', 'action')).toBe('dropped (asked)');
    expect(await page.locator('#schema-warnings li[data-code="LABEL_LEAK"]', { hasText: "'alive'" }).count()).toBe(0);

    await page.fill('#layers', '16');
    await page.selectOption('#activation', 'relu');
    await page.fill('#lr', '0.01');
    await page.fill('#epochs', '15');
    await page.fill('#folds', '3');
    await page.click('#train');
    await finished();
    // 891 rows, a 20% stratified hold-out: 179 rows in the confusion matrix.
    const cells = (await page.$$eval('#confusion td', (tds) => tds.map((td) => Number(td.textContent)))) as number[];
    expect(cells).toHaveLength(4);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(179);
    const accuracy = Number(await page.textContent('dd[data-metric="accuracy"]'));
    console.log(`[demo] titanic (label survived, alive dropped, 15 epochs): hold-out accuracy ${accuracy}, cv ${await page.textContent('#cv tr.mean')}`);
    expect(accuracy).toBeGreaterThan(0.72);
    expect(await page.$$eval('#cv tr.fold', (rows) => rows.length)).toBe(3);
    expect(await page.textContent('#data-summary')).toMatch(/titanic\.csv: 891 rows, 13 features \(\d+ columns after encoding\), classes 0, 1/);
    expect(Number(await page.getAttribute('#loss-chart', 'data-points'))).toBe(30); // train and validation curves, 15 epochs each
    await page.screenshot({ path: join(OUT, 'titanic.png'), fullPage: true });

    // The download is the whole fitted pipeline: it predicts raw rows (missing age, unseen port).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('titanic-pipeline.json');
    const saved = join(OUT, download.suggestedFilename());
    await download.saveAs(saved);
    const json = JSON.parse(readFileSync(saved, 'utf8'));
    expect(json.format).toBe('wasmlp-demo-pipeline');
    expect(json.labelName).toBe('survived');
    expect(json.dropped).toEqual(['alive']);
    const { Pipeline, init, setWarningHandler } = await import('../../src/index.js');
    await init();
    const pipe = Pipeline.fromJSON(json.pipeline);
    const warned: string[] = [];
    const previous = setWarningHandler((code, message) => warned.push(`${code}: ${message}`));
    const rows = [
      { pclass: 3, sex: 'male', age: null, sibsp: 0, parch: 0, fare: 7.9, embarked: 'X', class: 'Third', who: 'man', adult_male: 'True', deck: null, embark_town: 'Southampton', alone: 'True' },
      { pclass: 1, sex: 'female', age: 30, sibsp: 0, parch: 0, fare: 90, embarked: 'C', class: 'First', who: 'woman', adult_male: 'False', deck: 'B', embark_town: 'Cherbourg', alone: 'True' },
    ];
    let proba;
    try {
      proba = pipe.predictProba(rows);
    } finally {
      setWarningHandler(previous);
    }
    expect(warned.some((w) => w.startsWith('UNSEEN_CATEGORY') && w.includes("'embarked'")), warned.join('\n')).toBe(true);
    expect(proba.rows).toBe(2);
    expect(proba.data[1 * proba.cols + proba.cols - 1], 'a first-class woman survives more likely than a third-class man').toBeGreaterThan(proba.data[proba.cols - 1]);
    expect(errors).toEqual([]);
  });

  it('trains penguins with species as the label', async () => {
    await page.selectOption('#dataset', 'penguins.csv');
    await page.locator('#schema tr[data-column="island"]').waitFor();
    expect(await page.inputValue('#label')).toBe('species');
    expect(await schemaCell('sex', 'kind')).toBe('category');
    expect(Number(await schemaCell('bill_length_mm', 'missing'))).toBeGreaterThan(0);
    await page.fill('#epochs', '30');
    await page.fill('#folds', '0');
    await page.click('#train');
    await finished();
    const cells = (await page.$$eval('#confusion td', (tds) => tds.map((td) => Number(td.textContent)))) as number[];
    expect(cells).toHaveLength(9);
    const accuracy = Number(await page.textContent('dd[data-metric="accuracy"]'));
    console.log(`[demo] penguins (label species, 30 epochs): hold-out accuracy ${accuracy}`);
    expect(accuracy).toBeGreaterThan(0.9);
    expect(await page.textContent('#roc-note')).toContain('two-class');
    await page.screenshot({ path: join(OUT, 'penguins.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('reads a dropped TSV file into the schema', async () => {
    const dataDir = process.env.WASMLP_DATA_DIR ?? join(ROOT, '..', 'shared', 'data');
    const tsv = readFileSync(join(dataDir, 'penguins.csv'), 'utf8').replaceAll(',', '\t');
    await page.setInputFiles('#file', { name: 'penguins.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(tsv) });
    await expect.poll(() => page.textContent('#data-summary')).toContain('penguins.tsv: 345 lines, 6 features, 3 label values');
    expect(await page.inputValue('#label')).toBe('species');
    expect(await schemaCell('island', 'kind')).toBe('category');
    expect(await schemaCell('sex', 'missing')).toBe('11');
    expect(await page.isEnabled('#train')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('trains the shared sms_spam.tsv through TF-IDF of its text column', async () => {
    await page.selectOption('#dataset', 'sms_spam.tsv');
    await page.locator('#schema tr[data-column="SMS"]').waitFor();
    expect(await page.inputValue('#label'), 'default label rule: a column named label').toBe('Label');
    expect(await schemaCell('SMS', 'kind')).toBe('text');
    expect(await schemaCell('SMS', 'action')).toContain('TF-IDF');
    await page.fill('#epochs', '5');
    await page.fill('#batch', '128');
    await page.fill('#folds', '0');
    await page.click('#train');
    await finished();
    const accuracy = Number(await page.textContent('dd[data-metric="accuracy"]'));
    console.log(`[demo] sms_spam (label Label, 5 epochs): hold-out accuracy ${accuracy}; ${await page.textContent('#data-summary')}`);
    expect(accuracy).toBeGreaterThan(0.95);
    expect(await page.textContent('#data-summary')).toMatch(/sms_spam\.tsv: 5574 rows, 1 features \(\d+ columns after encoding\), classes ham, spam/);
    await page.screenshot({ path: join(OUT, 'sms_spam.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('leaves out rows without a label, and refuses a continuous label with a message', async () => {
    const lines = ['size,colour,y'];
    for (let i = 0; i < 40; i++) lines.push(`${(i * 0.37).toFixed(2)},${['red', 'green', 'blue'][i % 3]},${i === 7 ? '' : i % 2 === 0 ? 'yes' : 'no'}`);
    await page.setInputFiles('#file', { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.locator('#schema tr[data-column="colour"]').waitFor();
    expect(await page.inputValue('#label')).toBe('y');
    expect(await schemaCell('y', 'missing')).toBe('1');
    await page.fill('#epochs', '3');
    await page.fill('#folds', '0');
    await page.click('#train');
    await finished();
    expect(await page.textContent('#data-summary')).toContain('small.csv: 39 rows, 2 features');
    expect(await page.textContent('#data-summary')).toContain('1 row without a label left out');

    await page.selectOption('#label', 'size');
    await page.click('#train');
    await page.waitForFunction(() => document.body.dataset.state !== 'training', null, { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('error');
    expect(await page.textContent('#status')).toContain("the label column 'size' holds continuous values");
    expect(errors).toEqual([]);
  });
});
