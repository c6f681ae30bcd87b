import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeMoons } from '../../src/index.js';
import { cli } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmlp-cli-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const moons = makeMoons({ nSamples: 2000, noise: 0.15, seed: 2 });
const lines = Array.from({ length: moons.x.rows }, (_, r) => `${moons.x.data[2 * r].toFixed(4)},${moons.x.data[2 * r + 1].toFixed(4)},${moons.y[r] ? 'yes' : 'no'}`);
const csv = join(dir, 'moons.csv');
writeFileSync(csv, 'a,b,label\n' + lines.join('\n') + '\n');

describe('wasmlp train --stream', () => {
  it('streams the file, scores held-out rows, and saves a model predict reads', async () => {
    const out = join(dir, 'm.json');
    const r = await cli(['train', csv, '--stream', '--layers', '16', '--epochs', '20', '--batch-size', '16', '--test-size', '0.2', '--json', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.streamed).toBe(true);
    expect(j.data.trainRows + j.data.testRows).toBe(2000);
    expect(j.data.classes).toEqual(['no', 'yes']);
    expect(j.test.accuracy).toBeGreaterThan(0.85);
    const p = await cli(['predict', out, csv]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.split('\n')[0]).toBe('prediction,p(no),p(yes)');
    expect(p.stdout.trim().split('\n')).toHaveLength(2001);
  });

  it('a bad cell mid-file: a coded error naming the line, and no model file', async () => {
    const bad = join(dir, 'bad.csv'), out = join(dir, 'never.json');
    writeFileSync(bad, 'a,b,label\n' + lines.slice(0, 900).join('\n') + '\n0.5,oops,yes\n' + lines.slice(900).join('\n') + '\n');
    const r = await cli(['train', bad, '--stream', '--epochs', '2', '--quiet', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 902, column 2/);
    expect(existsSync(out)).toBe(false);
  });

  it('--help states the size above which train streams by itself', async () => {
    const r = await cli(['train', '--help']);
    expect(r.stdout).toMatch(/Files over 256 MB/);
  });
});
