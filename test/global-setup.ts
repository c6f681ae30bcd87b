import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs once before any test file: without the shared UCI datasets (../shared/data beside the
 * checkout, or WASMLP_DATA_DIR) dozens of tests would fail one by one; stop at once with one
 * message instead, as .ci/run does.
 */
export default function checkSharedData(): void {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const dir = process.env.WASMLP_DATA_DIR ?? resolve(root, '..', 'shared', 'data');
  if (!existsSync(resolve(dir, 'sonar.csv'))) {
    throw new Error(`The shared UCI datasets are not in ${dir}: the tests read them from shared/data beside the checkout. Put them there or set WASMLP_DATA_DIR.`);
  }
  process.env.WASMLP_DATA_DIR ??= dir;
}
