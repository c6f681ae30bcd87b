import type { WithSnakeCase } from '../names.js';
import { WasmlpError } from '../errors.js';
import { activations, defaultAlpha, type ActivationIdentifier, type ActivationName } from '../activations.js';
import { resolveInitializer, type InitializerSpec, type ResolvedInitializer } from '../initializers.js';
import { checkPositiveInt, normaliseOptions } from '../options.js';
import { resolveRegularizer, type RegularizerSpec, type Regularizer } from './regularizer.js';

/** Options of a Dense layer (Keras names): units, activation, initializers, regularizer, input width. */
export interface DenseOptions {
  units: number;
  /** Default 'linear'. */
  activation?: ActivationIdentifier;
  /** Slope (leakyRelu, default 0.3) or alpha (elu, default 1). */
  alpha?: number;
  useBias?: boolean;
  kernelInitializer?: InitializerSpec;
  biasInitializer?: InitializerSpec;
  kernelRegularizer?: RegularizerSpec;
  /** Input width; needed on the first layer (or give inputShape: [n]). */
  inputDim?: number;
  inputShape?: number[];
  name?: string;
}

const OPTIONS = ['units', 'activation', 'alpha', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'inputDim', 'inputShape', 'name'] as const;

/** A fully connected layer: a = activation(x . kernel + bias), kernel of shape [inputs, units]. */
export class Dense {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationName;
  readonly alpha: number;
  readonly useBias: boolean;
  readonly kernelInitializer: ResolvedInitializer;
  readonly biasInitializer: ResolvedInitializer;
  readonly kernelRegularizer: Regularizer;
  readonly inputDim: number | undefined;
  readonly name: string | undefined;
  private readonly given: Record<string, unknown>;

  constructor(options: WithSnakeCase<DenseOptions>) {
    const o = normaliseOptions<DenseOptions>('Dense', options, OPTIONS);
    this.given = { ...o };
    if (o.units === undefined) throw new WasmlpError('BAD_OPTION', "Dense needs 'units', the number of outputs, e.g. new Dense({ units: 8 }).", { option: 'units' });
    this.units = checkPositiveInt(o.units, 'units', 'Dense');
    this.activation = activations.resolve(o.activation ?? 'linear', 'activation');
    this.alpha = o.alpha ?? defaultAlpha(this.activation);
    if (typeof this.alpha !== 'number' || !Number.isFinite(this.alpha) || Math.abs(this.alpha) > 3.4028234663852886e38) {
      throw new WasmlpError('BAD_OPTION', `Dense: 'alpha' must be a finite number within float32's range (±3.4e38), received ${JSON.stringify(o.alpha)}.`, { option: 'alpha' });
    }
    if (o.useBias !== undefined && typeof o.useBias !== 'boolean') {
      throw new WasmlpError('BAD_OPTION', `Dense: 'useBias' must be true or false, received ${JSON.stringify(o.useBias)}.`, { option: 'useBias' });
    }
    this.useBias = o.useBias ?? true;
    this.kernelInitializer = resolveInitializer(o.kernelInitializer ?? 'glorotUniform', 'kernelInitializer');
    this.biasInitializer = resolveInitializer(o.biasInitializer ?? 'zeros', 'biasInitializer');
    this.kernelRegularizer = resolveRegularizer(o.kernelRegularizer);
    if (o.inputShape !== undefined) {
      if (!Array.isArray(o.inputShape) || o.inputShape.length !== 1) {
        throw new WasmlpError('BAD_OPTION', `Dense: 'inputShape' must be [features] (dense layers take flat rows), received ${JSON.stringify(o.inputShape)}.`, { option: 'inputShape' });
      }
      const fromShape = checkPositiveInt(o.inputShape[0], 'inputShape', 'Dense');
      if (o.inputDim !== undefined && o.inputDim !== fromShape) {
        throw new WasmlpError('BAD_OPTION', `Dense: inputDim ${o.inputDim} and inputShape [${fromShape}] disagree; give one of them.`, { option: 'inputDim' });
      }
      this.inputDim = fromShape;
    } else {
      this.inputDim = o.inputDim === undefined ? undefined : checkPositiveInt(o.inputDim, 'inputDim', 'Dense');
    }
    if (o.name !== undefined && typeof o.name !== 'string') {
      throw new WasmlpError('BAD_OPTION', `Dense: 'name' must be a string, received ${JSON.stringify(o.name)}.`, { option: 'name' });
    }
    this.name = o.name;
  }

  /** The options as given (with canonical key names), for JSON round trips. */
  getConfig(): Record<string, unknown> {
    return { ...this.given };
  }

  paramCount(inputs: number): number {
    return inputs * this.units + (this.useBias ? this.units : 0);
  }
}
