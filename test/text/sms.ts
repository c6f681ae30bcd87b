import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dataPath } from '../helpers/data-dir.js';

/** sms_spam.tsv as texts and 0/1 labels (spam = 1): one `Label<TAB>SMS` line per message after the header. */
export function loadSms(): { texts: string[]; labels: Int32Array } {
  const lines = readFileSync(dataPath('sms_spam.tsv'), 'utf8').split('\n').slice(1).filter((l) => l.length > 0);
  const texts = lines.map((l) => l.slice(l.indexOf('\t') + 1));
  const labels = Int32Array.from(lines, (l) => (l.startsWith('spam\t') ? 1 : 0));
  return { texts, labels };
}

const PYTHON = '/usr/bin/python3';

/** Why scikit-learn cannot be asked here, or null when it can. */
export function sklearnMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is absent (CI installs python3-sklearn)`;
  const r = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' });
  return r.status === 0 ? null : `scikit-learn does not import in ${PYTHON} (install python3-sklearn): ${r.stderr.trim().split('\n').pop()}`;
}

export interface SklearnVectors {
  vocabulary: string[];
  indptr: number[];
  indices: number[];
  values: number[];
  idf?: number[];
  total: Record<string, number>;
}

/** Runs test/text/sklearn_vectorize.py on the texts with scikit-learn's parameter names. */
export function sklearnVectorize(kind: 'tfidf' | 'count', texts: readonly string[], params: Record<string, unknown>): SklearnVectors {
  const script = fileURLToPath(new URL('./sklearn_vectorize.py', import.meta.url));
  const r = spawnSync(PYTHON, [script], { input: JSON.stringify({ kind, texts, params }), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`scikit-learn reference failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as SklearnVectors;
}
