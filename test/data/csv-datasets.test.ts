import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCsv, loadCsvText } from '../../src/data/csv.js';
import { dataPath } from '../helpers/data-dir.js';

const cases = [
  { file: 'sonar.csv', rows: 208, cols: 60, counts: { M: 111, R: 97 }, task: 'binary' },
  { file: 'banknote_authentication.csv', rows: 1372, cols: 4, counts: { '0': 762, '1': 610 }, task: 'binary' },
  { file: 'pima-indians-diabetes.csv', rows: 768, cols: 8, counts: { '0': 500, '1': 268 }, task: 'binary' },
  { file: 'ionosphere.csv', rows: 351, cols: 34, counts: { g: 225, b: 126 }, task: 'binary' },
  { file: 'iris.csv', rows: 150, cols: 4, counts: { 'Iris-setosa': 50, 'Iris-versicolor': 50, 'Iris-virginica': 50 }, task: 'multiclass' },
] as const;

function classCounts(y: Int32Array | Float32Array, classes: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  classes.forEach((c, i) => (out[c] = y.filter((v) => v === i).length));
  return out;
}

describe('shared UCI datasets', () => {
  for (const c of cases) {
    it(`loads ${c.file} from a path: ${c.rows}x${c.cols}, ${JSON.stringify(c.counts)}`, async () => {
      const d = await loadCsv(dataPath(c.file));
      expect(d.x.rows).toBe(c.rows);
      expect(d.x.cols).toBe(c.cols);
      expect(d.x.data.length).toBe(c.rows * c.cols);
      expect(d.y).toBeInstanceOf(Int32Array);
      expect(d.task).toBe(c.task);
      expect(classCounts(d.y, d.classes!)).toEqual(c.counts);
      expect(d.featureNames).toHaveLength(c.cols);
      expect(d.x.data.every(Number.isFinite)).toBe(true);
    });

    it(`loads ${c.file} identically from text`, async () => {
      const text = readFileSync(dataPath(c.file), 'utf8');
      const a = loadCsvText(text), b = await loadCsv(dataPath(c.file));
      expect(a.x.data).toEqual(b.x.data);
      expect(a.y).toEqual(b.y);
    });
  }

  it('keeps values exactly as float32 and classes sorted', async () => {
    const iris = await loadCsv(dataPath('iris.csv'));
    expect(Array.from(iris.x.data.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(iris.classes).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    expect(iris.encodeLabel('Iris-virginica')).toBe(2);
    expect(iris.decodeLabel(1)).toBe('Iris-versicolor');
    const bank = await loadCsv(dataPath('banknote_authentication.csv'));
    expect(bank.classes).toEqual(['0', '1']);
    expect(Array.from(bank.x.data.subarray(0, 4))).toEqual([3.6216, 8.6661, -2.8073, -0.44699].map(Math.fround));
    const sonar = await loadCsv(dataPath('sonar.csv'), { positiveClass: 'M' });
    expect(sonar.classes).toEqual(['R', 'M']);
    expect(sonar.y.filter((v) => v === 1).length).toBe(111);
  });
});
