import { unknownOption } from './options.js';
import { WasmlpError, describe } from './errors.js';
import { INIT_CONSTANT, INIT_GLOROT_NORMAL, INIT_GLOROT_UNIFORM, INIT_HE_NORMAL, INIT_HE_UNIFORM, INIT_LECUN_NORMAL, INIT_LECUN_UNIFORM, INIT_ONES, INIT_RANDOM_NORMAL, INIT_RANDOM_UNIFORM, INIT_ZEROS } from './core-abi.js';
import { nameTable, type Spelling } from './names.js';

/** Largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Initializer names and their core codes (generated from assembly/initializers.ts). */
export const INITIALIZER_CODES = {
  zeros: INIT_ZEROS, ones: INIT_ONES, glorotUniform: INIT_GLOROT_UNIFORM, glorotNormal: INIT_GLOROT_NORMAL,
  heNormal: INIT_HE_NORMAL, heUniform: INIT_HE_UNIFORM, lecunNormal: INIT_LECUN_NORMAL,
  randomNormal: INIT_RANDOM_NORMAL, randomUniform: INIT_RANDOM_UNIFORM, lecunUniform: INIT_LECUN_UNIFORM,
  constant: INIT_CONSTANT,
} as const;

export type InitializerName = keyof typeof INITIALIZER_CODES;

const INITIALIZER_ALIASES = {
  xavierUniform: 'glorotUniform', xavierNormal: 'glorotNormal', zero: 'zeros', one: 'ones',
  // Keras' short names (keras.initializers.get('normal') is RandomNormal, 'uniform' RandomUniform).
  normal: 'randomNormal', uniform: 'randomUniform',
} as const;

/** An initializer as users may write it: 'heNormal', Keras' 'he_normal' or 'HeNormal', or 'xavierUniform', ... */
export type InitializerIdentifier = Spelling<InitializerName> | Spelling<keyof typeof INITIALIZER_ALIASES>;

export const initializers = nameTable<InitializerName>('initializer', Object.keys(INITIALIZER_CODES) as InitializerName[], INITIALIZER_ALIASES);

/** A name, or `{ className | type, config }` for the parameterised ones (randomNormal: mean, stddev). */
export type InitializerSpec = InitializerIdentifier | { className?: InitializerIdentifier; type?: InitializerIdentifier; config?: Record<string, number | null>; mean?: number; stddev?: number; minval?: number; maxval?: number; value?: number; seed?: number | null };

export interface ResolvedInitializer {
  name: InitializerName;
  code: number;
  /** (mean, stddev) for randomNormal, (minval, maxval) for randomUniform, (value) for constant. */
  p1: number;
  p2: number;
  /**
   * The initializer's own seed (Keras' `config.seed`): its values then come from a generator of
   * their own, the same whatever the model's seed. Undefined: drawn from the model's generator.
   */
  seed?: number;
}

/** Keras defaults: RandomNormal(0, 0.05), RandomUniform(-0.05, 0.05). */
export function resolveInitializer(spec: InitializerSpec, option: string): ResolvedInitializer {
  const rawName = typeof spec === 'string' ? spec : spec?.className ?? spec?.type;
  const name = initializers.resolve(rawName, option);
  const cfg: Record<string, number | undefined> = typeof spec === 'object' && spec ? { ...spec, ...(spec.config ?? {}) } as Record<string, number | undefined> : {};
  // Keras configs carry a seed (and glorot/he carry their fixed scale/mode/distribution): accepted, the model seed decides.
  const params = name === 'randomNormal' ? ['mean', 'stddev'] : name === 'randomUniform' ? ['minval', 'maxval'] : name === 'constant' ? ['value'] : [];
  const valid = [...params, 'seed', 'className', 'type', 'config', ...(params.length === 0 ? ['scale', 'mode', 'distribution'] : [])];
  for (const key of Object.keys(cfg)) {
    if (!valid.includes(key)) {
      const e = unknownOption(`${option} (${name})`, key, params);
      throw new WasmlpError(e.code, e.message, { option: `${option}.${key}` });
    }
  }
  const num = (key: string, fallback: number): number => {
    const v = cfg[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new WasmlpError('BAD_OPTION', `${option}.${key} must be a finite number, received ${describe(v)}.`, { option: `${option}.${key}` });
    }
    // Weights are float32: a larger value would become Infinity in the model.
    if (Math.abs(v) > FLOAT32_MAX) {
      throw new WasmlpError('BAD_OPTION', `${option}.${key} is ${v}, beyond float32's range (±3.4e38); weights would become Infinity. Use a value within the range.`, { option: `${option}.${key}` });
    }
    return v;
  };
  let p1 = 0, p2 = 0;
  if (name === 'randomNormal') {
    p1 = num('mean', 0); p2 = num('stddev', 0.05);
    if (p2 < 0) throw new WasmlpError('BAD_OPTION', `${option}.stddev must be >= 0, received ${p2}.`, { option: `${option}.stddev` });
  } else if (name === 'randomUniform') {
    p1 = num('minval', -0.05); p2 = num('maxval', 0.05);
    if (p2 < p1) throw new WasmlpError('BAD_OPTION', `${option}: minval (${p1}) must not exceed maxval (${p2}).`, { option });
  } else if (name === 'constant') {
    p1 = num('value', 0);
  }
  const seed = cfg.seed;
  if (seed !== undefined && seed !== null && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) {
    throw new WasmlpError('BAD_OPTION', `${option}.seed must be an integer in [0, 2^32) (or null), received ${describe(seed)}.`, { option: `${option}.seed` });
  }
  return { name, code: INITIALIZER_CODES[name], p1, p2, ...(typeof seed === 'number' ? { seed } : {}) };
}
