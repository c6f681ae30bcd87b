import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATASETS, DATASET_NAMES, cacheDir, loadDataset } from '../../src/datasets/load-dataset.js';
import { dataDir } from '../helpers/data-dir.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/**
 * A loopback server standing in for the UCI repository: it serves ../shared/data, and damages
 * responses on request (/truncated/, /corrupt-label/, /corrupt-byte/, /missing/).
 */
let server: Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const [, mode, file] = (req.url ?? '').split('/');
    const path = join(dataDir(), file ?? '');
    if (mode === 'missing' || !file || !existsSync(path)) { res.writeHead(404).end('not found'); return; }
    let body = readFileSync(path);
    if (mode === 'truncated') {
      // Announce the full length, send half, then drop the connection.
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
      return;
    }
    if (mode === 'corrupt-label') body = Buffer.from(body.toString('latin1').replace(/,M(\r?\n)/, ',R$1'), 'latin1');
    if (mode === 'corrupt-byte') body = Buffer.from(body.toString('latin1').replace('0.0', '0.#'), 'latin1');
    if (mode === 'short') body = Buffer.from(body.toString('latin1').split('\n').slice(0, -5).join('\n'), 'latin1');
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'text/csv' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let cache: string;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'wasmlp-cache-'));
  requests.length = 0;
  return () => rmSync(cache, { recursive: true, force: true });
});

const noDataDir = { dataDir: '' };

describe('loadDataset', () => {
  it('reads every named dataset from WASMLP_DATA_DIR (or dataDir) and checks shape and classes', async () => {
    for (const name of DATASET_NAMES) {
      const ds = await loadDataset(name, { dataDir: dataDir(), cacheDir: cache, download: false });
      expect([ds.x.rows, ds.x.cols]).toEqual([DATASETS[name].rows, DATASETS[name].features]);
      expect(ds.origin).toBe('dataDir');
      expect(ds.name).toBe(name);
    }
    const sonar = await loadDataset('sonar', { dataDir: dataDir(), download: false });
    expect(sonar.classes).toEqual(['M', 'R']);
  });

  it('downloads once into the cache, then reads the cache without the network', async () => {
    const told: string[] = [];
    const first = await loadDataset('sonar', { ...noDataDir, cacheDir: cache, baseUrl: `${base}/ok`, onDownload: (url) => told.push(url) });
    expect(first.origin).toBe('download');
    expect(told).toEqual([`${base}/ok/sonar.csv`]);
    expect(readdirSync(cache)).toEqual(['sonar.csv']);
    expect(readFileSync(join(cache, 'sonar.csv'))).toEqual(readFileSync(join(dataDir(), 'sonar.csv')));
    const second = await loadDataset('sonar', { ...noDataDir, cacheDir: cache, baseUrl: `${base}/ok` });
    expect(second.origin).toBe('cache');
    expect(requests).toEqual(['/ok/sonar.csv']);
    expect(Array.from(second.y)).toEqual(Array.from(first.y));
  });

  it('a truncated response is a clear error and nothing is cached', async () => {
    const err = await expectWasmlpError(() => loadDataset('ionosphere', { ...noDataDir, cacheDir: cache, baseUrl: `${base}/truncated` }), 'DOWNLOAD_TRUNCATED', ['broke off before the end', 'nothing was cached']);
    expect(err.where.file).toBe(`${base}/truncated/ionosphere.csv`);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('corrupted responses (a changed label, a damaged number, missing rows) are refused and not cached', async () => {
    await expectWasmlpError(() => loadDataset('sonar', { ...noDataDir, cacheDir: cache, baseUrl: `${base}/corrupt-label` }), 'DATASET_CORRUPT', ['class counts {"M":110,"R":98} instead of {"M":111,"R":97}']);
    await expectWasmlpError(() => loadDataset('sonar', { ...noDataDir, cacheDir: cache, baseUrl: `${base}/corrupt-byte` }), 'DATASET_CORRUPT', ['does not parse', '0.#']);
    await expectWasmlpError(() => loadDataset('banknote', { ...noDataDir, cacheDir: cache, baseUrl: `${base}/short` }), 'DATASET_CORRUPT', [/13\d\d rows instead of 1372/]);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('HTTP errors, an unreachable host, a damaged cache file and unknown names say what to do', async () => {
    await expectWasmlpError(() => loadDataset('iris', { ...noDataDir, cacheDir: cache, baseUrl: `${base}/missing` }), 'DOWNLOAD_FAILED', ['HTTP 404']);
    await expectWasmlpError(() => loadDataset('iris', { ...noDataDir, cacheDir: cache, baseUrl: 'http://127.0.0.1:1' }), 'DOWNLOAD_FAILED', ['WASMLP_DATA_DIR']);
    await expectWasmlpError(() => loadDataset('iris', { ...noDataDir, cacheDir: cache, download: false }), 'DATASET_NOT_FOUND', ['downloading is off']);
    writeFileSync(join(cache, 'iris.csv'), readFileSync(join(dataDir(), 'iris.csv'), 'utf8').split('\n').slice(0, 100).join('\n'));
    await expectWasmlpError(() => loadDataset('iris', { ...noDataDir, cacheDir: cache }), 'DATASET_CORRUPT', ['cached copy', 'delete', '100 rows instead of 150']);
    await expectWasmlpError(() => loadDataset('mnist'), 'UNKNOWN_DATASET', ['sonar, banknote, pima, ionosphere, iris']);
    expect(requests.every((r) => r.startsWith('/missing/'))).toBe(true);
  });

  it('puts the cache in WASMLP_CACHE_DIR, else the platform cache directory', () => {
    expect(cacheDir({ WASMLP_CACHE_DIR: '/x/y' })).toBe('/x/y');
    if (process.platform === 'linux') expect(cacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/wasmlp');
  });
});
