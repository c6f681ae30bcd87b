import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../helpers/data-dir.js';

/** The built command as npm installs it (dist/ comes from `npm run build`, which `npm test` runs first). */
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).bin.wasmlp as string;

describe('the wasmlp bin', () => {
  it('is dist/cli/main.js with a node shebang', () => {
    expect(bin).toBe('./dist/cli/main.js');
    expect(readFileSync(`${root}${bin}`, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs as a process: exit codes, stdout/stderr split, no terminal control codes in pipes', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: wasmlp <command>');
    const bad = spawnSync(process.execPath, [bin, 'cv', dataPath('sonar.csv'), '--folds', '1'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--folds expects an integer >= 2; received "1".');
    const cv = spawnSync(process.execPath, [bin, 'cv', dataPath('banknote_authentication.csv'), '--layers', '8', '--epochs', '10', '--folds', '3', '--seed', '1', '--json'], { cwd: root, encoding: 'utf8' });
    expect(cv.status, cv.stderr).toBe(0);
    expect(JSON.parse(cv.stdout).mean.accuracy).toBeGreaterThan(0.8);
    expect(cv.stderr).not.toMatch(/\r|\x1b\[/);
  });

  it('cv --workers 2 prints the same scores as one thread', () => {
    const args = [bin, 'cv', dataPath('sonar.csv'), '--layers', '30', '--epochs', '30', '--batch-size', '8', '--folds', '4', '--seed', '3', '--scoring', 'accuracy,logLoss', '--json', '--quiet'];
    const one = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    const two = spawnSync(process.execPath, [...args, '--workers', '2'], { cwd: root, encoding: 'utf8' });
    expect(two.status, two.stderr).toBe(0);
    expect(JSON.parse(two.stdout).scores).toEqual(JSON.parse(one.stdout).scores);
    const bad = spawnSync(process.execPath, [bin, 'cv', dataPath('sonar.csv'), '--workers', 'many'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`--workers expects an integer >= 1 or 'auto' (or a Redis URL, redis://host:6379); received "many".`);
  });
});
