import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The shared UCI datasets: WASMLP_DATA_DIR, else ../shared/data beside the project. */
export function dataDir(): string {
  return process.env.WASMLP_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
}

export function dataPath(name: string): string {
  return join(dataDir(), name);
}
