import type { WithSnakeCase } from '../names.js';
import { WasmlpError } from '../errors.js';
import type { Matrix } from './matrix.js';
import { SeededRandom } from '../random.js';
import { normaliseOptions } from '../options.js';

/** A generated classification problem: float32 features and class ids. */
export interface SyntheticData {
  x: Matrix;
  y: Int32Array;
}

/** Options shared by the synthetic data generators: the number of rows, noise and seed. */
export interface SyntheticOptions {
  /** Rows to generate (default 200). */
  nSamples?: number;
  /** Standard deviation of the Gaussian noise added to every coordinate (default 0.1; 1 for blobs). */
  noise?: number;
  /** Seed (default 0): the same options and seed give the same data on every engine. */
  seed?: number;
}

/** Standard normal draws from the integer-only PRNG (Box-Muller on two uniforms). */
function gaussian(rng: SeededRandom): number {
  const u = 1 - rng.next(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function count(value: number | undefined, fallback: number, option: string, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new WasmlpError('BAD_OPTION', `${option} must be an integer >= ${min}; received ${v}.`, { option });
  return v;
}

/**
 * Two interleaving half circles (scikit-learn's make_moons): class 0 on the upper arc centred at
 * (0, 0), class 1 on the lower arc centred at (1, 0.5). Rows alternate halves in a seeded shuffle.
 */
const SYNTHETIC_OPTIONS = ['nSamples', 'noise', 'seed'] as const;

/**
 * Two interleaving half circles, a classic non-linear two-class problem (scikit-learn's make_moons).
 *
 * @example
 * const { x, y } = makeMoons({ nSamples: 200, noise: 0.1, seed: 1 });
 */
export function makeMoons(given: WithSnakeCase<SyntheticOptions> = {}): SyntheticData {
  const options = normaliseOptions<SyntheticOptions>('makeMoons', given, SYNTHETIC_OPTIONS);
  const n = count(options.nSamples, 200, 'nSamples', 2);
  const noise = options.noise ?? 0.1;
  const rng = new SeededRandom(options.seed ?? 0);
  const nOuter = Math.floor(n / 2);
  const x = new Float32Array(n * 2), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const outer = i < nOuter;
    const k = outer ? i : i - nOuter, m = outer ? nOuter : n - nOuter;
    const t = m > 1 ? (Math.PI * k) / (m - 1) : 0;
    x[2 * i] = (outer ? Math.cos(t) : 1 - Math.cos(t)) + noise * gaussian(rng);
    x[2 * i + 1] = (outer ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * gaussian(rng);
    y[i] = outer ? 0 : 1;
  }
  return shuffled({ data: x, rows: n, cols: 2 }, y, rng);
}

/** Options of makeBlobs: the number of clusters (classes) and their spread. */
export interface BlobsOptions extends SyntheticOptions {
  /** Number of classes, one Gaussian blob each (default 3). */
  centers?: number;
  /** Feature count (default 2). */
  nFeatures?: number;
  /** Half-width of the box the centres are drawn from (default 10, as scikit-learn's center_box). */
  centerBox?: number;
}

/** Isotropic Gaussian blobs (scikit-learn's make_blobs): `noise` is the cluster std (default 1). */
export function makeBlobs(given: WithSnakeCase<BlobsOptions> = {}): SyntheticData {
  const options = normaliseOptions<BlobsOptions>('makeBlobs', given, [...SYNTHETIC_OPTIONS, 'centers', 'nFeatures', 'centerBox']);
  const n = count(options.nSamples, 200, 'nSamples');
  const k = count(options.centers, 3, 'centers');
  const d = count(options.nFeatures, 2, 'nFeatures');
  const std = options.noise ?? 1;
  const box = options.centerBox ?? 10;
  const rng = new SeededRandom(options.seed ?? 0);
  const centers = Array.from({ length: k * d }, () => (rng.next() * 2 - 1) * box);
  const x = new Float32Array(n * d), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k; // round-robin keeps class sizes within one of each other
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = centers[c * d + j] + std * gaussian(rng);
  }
  return shuffled({ data: x, rows: n, cols: d }, y, rng);
}

/** Options of makeClassification: informative features, classes, separation and noise. */
export interface ClassificationOptions extends SyntheticOptions {
  nFeatures?: number;
  /** Features that carry the signal; the rest are pure noise (default 2). */
  nInformative?: number;
  nClasses?: number;
  /** Distance between class centres in the informative dimensions (default 1). */
  classSep?: number;
}

/**
 * A simplified make_classification: each class is a Gaussian around a random vertex of a hypercube
 * (side 2 x classSep) in the informative dimensions; the other features are N(0, 1) noise.
 */
export function makeClassification(given: WithSnakeCase<ClassificationOptions> = {}): SyntheticData {
  const options = normaliseOptions<ClassificationOptions>('makeClassification', given, [...SYNTHETIC_OPTIONS, 'nFeatures', 'nInformative', 'nClasses', 'classSep']);
  const n = count(options.nSamples, 200, 'nSamples');
  const d = count(options.nFeatures, 20, 'nFeatures');
  const inf = count(options.nInformative, Math.min(2, d), 'nInformative');
  const k = count(options.nClasses, 2, 'nClasses', 2);
  if (inf > d) throw new WasmlpError('BAD_OPTION', `nInformative (${inf}) cannot exceed nFeatures (${d}).`, { option: 'nInformative' });
  if (k > 2 ** inf) throw new WasmlpError('BAD_OPTION', `nClasses=${k} needs at least ${Math.ceil(Math.log2(k))} informative features; received nInformative=${inf}.`, { option: 'nClasses' });
  const sep = options.classSep ?? 1;
  const noise = options.noise ?? 1;
  const rng = new SeededRandom(options.seed ?? 0);
  // Distinct hypercube vertices: class c uses the bits of a shuffled vertex number.
  const vertices = rng.shuffle(Array.from({ length: 2 ** Math.min(inf, 20) }, (_, i) => i)).slice(0, k);
  const x = new Float32Array(n * d), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let j = 0; j < d; j++) {
      const centre = j < inf ? ((vertices[c] >> (j % 20)) & 1 ? sep : -sep) : 0;
      x[i * d + j] = centre + noise * gaussian(rng);
    }
  }
  return shuffled({ data: x, rows: n, cols: d }, y, rng);
}

/** XOR: points uniform in [-1, 1]^2, class 1 when the signs of the coordinates differ. */
export function makeXor(given: WithSnakeCase<SyntheticOptions> = {}): SyntheticData {
  const options = normaliseOptions<SyntheticOptions>('makeXor', given, SYNTHETIC_OPTIONS);
  const n = count(options.nSamples, 200, 'nSamples');
  const noise = options.noise ?? 0;
  const rng = new SeededRandom(options.seed ?? 0);
  const x = new Float32Array(n * 2), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.next() * 2 - 1, b = rng.next() * 2 - 1;
    y[i] = a * b < 0 ? 1 : 0;
    x[2 * i] = a + noise * gaussian(rng);
    x[2 * i + 1] = b + noise * gaussian(rng);
  }
  return { x: { data: x, rows: n, cols: 2 }, y };
}

function shuffled(x: Matrix, y: Int32Array, rng: SeededRandom): SyntheticData {
  const order = rng.shuffle(Array.from({ length: x.rows }, (_, i) => i));
  const data = new Float32Array(x.data.length), labels = new Int32Array(y.length);
  order.forEach((src, dst) => {
    data.set(x.data.subarray(src * x.cols, (src + 1) * x.cols), dst * x.cols);
    labels[dst] = y[src];
  });
  return { x: { data, rows: x.rows, cols: x.cols }, y: labels };
}
