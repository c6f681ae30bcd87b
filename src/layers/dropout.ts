import { WasmlpError } from '../errors.js';
import { normaliseOptions } from '../options.js';

/** Options of a Dropout layer: the rate of inputs zeroed in training. */
export interface DropoutOptions {
  /** Fraction of inputs zeroed during training, in [0, 1). */
  rate: number;
  name?: string;
}

/**
 * Inverted dropout: in training each value is zeroed with probability `rate` and the rest scaled
 * by 1 / (1 - rate); in inference it passes values through. Masks come from the model's seeded
 * generator, so a seed reproduces them.
 */
export class Dropout {
  readonly className = 'Dropout';
  readonly rate: number;
  readonly name: string | undefined;

  constructor(options: DropoutOptions) {
    const o = normaliseOptions<DropoutOptions>('Dropout', options, ['rate', 'name']);
    if (typeof o.rate !== 'number' || !(o.rate >= 0 && o.rate < 1)) {
      throw new WasmlpError('BAD_OPTION', `Dropout: 'rate' must be a number in [0, 1), received ${JSON.stringify(o.rate)}.`, { option: 'rate' });
    }
    this.rate = o.rate;
    this.name = o.name;
  }

  getConfig(): Record<string, unknown> {
    return this.name === undefined ? { rate: this.rate } : { rate: this.rate, name: this.name };
  }
}

export type Layer = import('./dense.js').Dense | Dropout | import('./batch-normalization.js').BatchNormalization;
