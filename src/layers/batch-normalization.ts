import type { WithSnakeCase } from '../names.js';
import { WasmlpError } from '../errors.js';
import { resolveInitializer, type InitializerSpec, type ResolvedInitializer } from '../initializers.js';
import { normaliseOptions } from '../options.js';

/** Options of a BatchNormalization layer (Keras names and defaults). */
export interface BatchNormalizationOptions {
  /** Weight of the old moving statistics per training step, in [0, 1]; default 0.99. */
  momentum?: number;
  /** Added to the variance before the square root, > 0; default 1e-3. */
  epsilon?: number;
  /** Learn an offset beta; default true. */
  center?: boolean;
  /** Learn a scale gamma; default true. */
  scale?: boolean;
  betaInitializer?: InitializerSpec;
  gammaInitializer?: InitializerSpec;
  movingMeanInitializer?: InitializerSpec;
  movingVarianceInitializer?: InitializerSpec;
  /** Keras' feature axis: only -1 (the features of flat rows) is supported. */
  axis?: number;
  name?: string;
}

const OPTIONS = ['momentum', 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'movingMeanInitializer', 'movingVarianceInitializer', 'axis', 'name'] as const;

/**
 * Batch normalization (Keras' BatchNormalization): y = gamma * (x - mean) / sqrt(var + epsilon) + beta
 * per feature. In training, mean and var are the batch's (biased variance) and the moving
 * statistics follow them: moving = moving * momentum + batch * (1 - momentum). In inference
 * (predict, evaluate, validation) the moving statistics are used. gamma and beta are trained;
 * the moving mean and variance are not (non-trainable weights).
 *
 * @example
 * const model = new Sequential([
 *   new Dense({ units: 16, inputDim: 4 }),
 *   new BatchNormalization(),
 *   new Dense({ units: 1, activation: 'sigmoid' }),
 * ]);
 */
export class BatchNormalization {
  readonly className = 'BatchNormalization';
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: ResolvedInitializer;
  readonly gammaInitializer: ResolvedInitializer;
  readonly movingMeanInitializer: ResolvedInitializer;
  readonly movingVarianceInitializer: ResolvedInitializer;
  readonly name: string | undefined;
  private readonly given: Record<string, unknown>;

  constructor(options: WithSnakeCase<BatchNormalizationOptions> = {}) {
    const o = normaliseOptions<BatchNormalizationOptions>('BatchNormalization', options, OPTIONS);
    this.given = { ...o };
    const momentum = o.momentum ?? 0.99;
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
      throw new WasmlpError('BAD_OPTION', `BatchNormalization: 'momentum' must be a number in [0, 1] (Keras' default 0.99), received ${JSON.stringify(o.momentum)}.`, { option: 'momentum' });
    }
    const epsilon = o.epsilon ?? 1e-3;
    if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon)) {
      throw new WasmlpError('BAD_OPTION', `BatchNormalization: 'epsilon' must be a finite number > 0 (Keras' default 0.001), received ${JSON.stringify(o.epsilon)}.`, { option: 'epsilon' });
    }
    for (const key of ['center', 'scale'] as const) {
      if (o[key] !== undefined && typeof o[key] !== 'boolean') {
        throw new WasmlpError('BAD_OPTION', `BatchNormalization: '${key}' must be true or false, received ${JSON.stringify(o[key])}.`, { option: key });
      }
    }
    if (o.axis !== undefined && o.axis !== -1 && o.axis !== 1) {
      throw new WasmlpError('BAD_OPTION', `BatchNormalization: 'axis' must be -1 (the features of each row), received ${JSON.stringify(o.axis)}.`, { option: 'axis' });
    }
    if (o.name !== undefined && typeof o.name !== 'string') {
      throw new WasmlpError('BAD_OPTION', `BatchNormalization: 'name' must be a string, received ${JSON.stringify(o.name)}.`, { option: 'name' });
    }
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.center = o.center ?? true;
    this.scale = o.scale ?? true;
    this.betaInitializer = resolveInitializer(o.betaInitializer ?? 'zeros', 'betaInitializer');
    this.gammaInitializer = resolveInitializer(o.gammaInitializer ?? 'ones', 'gammaInitializer');
    this.movingMeanInitializer = resolveInitializer(o.movingMeanInitializer ?? 'zeros', 'movingMeanInitializer');
    this.movingVarianceInitializer = resolveInitializer(o.movingVarianceInitializer ?? 'ones', 'movingVarianceInitializer');
    this.name = o.name;
  }

  /** The options as given (with canonical key names), for JSON round trips. */
  getConfig(): Record<string, unknown> {
    return { ...this.given };
  }

  /** Trainable parameters for `width` features: gamma and beta (when scale, center). */
  trainableCount(width: number): number {
    return (this.scale ? width : 0) + (this.center ? width : 0);
  }

  /** All weights for `width` features: gamma, beta, moving mean and variance (Keras' 4 * units). */
  paramCount(width: number): number {
    return this.trainableCount(width) + 2 * width;
  }
}
