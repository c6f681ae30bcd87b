import { makeMoons } from '../data/synthetic.js';
import { SeededRandom } from '../random.js';

/** Where `npm start` finds the default dataset (relative to the project root). */
export const DEFAULT_DATASET_PATH = 'data/moons.csv';

/**
 * The project's own default dataset, made by a seeded generator (never downloaded): 400 rows of
 * two interleaving half moons (noise 0.25) whose two informative columns are put on different
 * scales, plus four columns of pure Gaussian noise, with a header and text labels 'upper'/'lower'.
 * A straight line cannot separate the moons, so a hidden layer earns its keep; scaling matters.
 * The same seed gives the same bytes on every machine (integer-only PRNG, fixed 4 decimals).
 */
export function defaultDatasetCsv(seed = 2024): string {
  const n = 400;
  const moons = makeMoons({ nSamples: n, noise: 0.25, seed });
  const rng = new SeededRandom(seed + 1);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const lines = ['length_mm,angle_deg,noise_a,noise_b,noise_c,noise_d,arc'];
  for (let i = 0; i < n; i++) {
    const a = moons.x.data[2 * i] * 40 + 120; // millimetres
    const b = moons.x.data[2 * i + 1] * 30; // degrees
    const noise = [gaussian(), gaussian() * 5, gaussian() * 0.1, gaussian() + 3];
    lines.push([a, b, ...noise].map((v) => v.toFixed(4)).join(',') + `,${moons.y[i] === 0 ? 'upper' : 'lower'}`);
  }
  return lines.join('\n') + '\n';
}
