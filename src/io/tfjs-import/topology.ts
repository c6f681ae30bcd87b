// The layer list of a TF.js / Keras Sequential topology -> Dense, Dropout and BatchNormalization specs.
import { WasmlpError, describe } from '../../errors.js';
import { type DenseOptions } from '../../layers/dense.js';
import type { ActivationName } from '../../activations.js';
import { nameKey } from '../../names.js';
import { warn } from '../../warnings.js';
import { ACTIVATIONS, activationOf, describeLayer, finiteOr, foldActivation } from './activations.js';
import { type Fields, MAX_WIDTH, SUPPORTED_LAYERS, bad, fields, isPositiveInt, unsupported } from './fields.js';
import type { DenseSpec, LayerSpec, NormSpec } from './plan-types.js';

export function planLayers(list: unknown[]): { layers: LayerSpec[]; declaredInput: number | undefined } {
  const layers: LayerSpec[] = [];
  let declaredInput: number | undefined;
  const seenNames = new Set<string>();
  list.forEach((entry, i) => {
    const e = fields(entry);
    const cls = e?.get('classname');
    const cfg = fields(e?.get('config') ?? {});
    if (!e || typeof cls !== 'string' || !cfg) throw bad(`layer ${i} must be { class_name, config }, received ${describe(entry)}.`, { layer: i });
    const name = cfg.get('name');
    const where = describeLayer(i, cls, name);
    if (name !== undefined && name !== null) {
      if (typeof name !== 'string' || name.length === 0 || name.length > 256) throw bad(`${where}: 'name' must be a non-empty string.`, { layer: i, option: 'name' });
      if (seenNames.has(name)) throw bad(`${where}: the name "${name}" is used by an earlier layer; layer names must be unique.`, { layer: i, option: 'name' });
      seenNames.add(name);
    }
    if (cfg.get('trainable') === false) warn('TFJS_FROZEN_LAYER', `${where} is frozen (trainable: false) in TensorFlow.js; wasmlp trains every layer, so fit() will update it.`);
    // Input shape on the first layer, in any of the spellings Keras 2, Keras 3 and TF.js use.
    const shape = readInputShape(cfg, where, i);
    if (shape !== undefined) {
      if (layers.length > 0) {
        throw bad(`${where} declares an input shape, but only the first layer may.`, { layer: i, option: 'batch_input_shape' });
      }
      if (declaredInput !== undefined && declaredInput !== shape) {
        throw bad(`${where} declares ${shape} input features, but the InputLayer before it declares ${declaredInput}.`, { layer: i, option: 'batch_input_shape' });
      }
      declaredInput = shape;
    }
    switch (nameKey(cls)) {
      case 'inputlayer':
        if (i !== 0) throw bad(`${where}: an InputLayer must come first.`, { layer: i });
        if (shape === undefined) throw bad(`${where} has no batch_input_shape (or batch_shape / input_shape).`, { layer: i, option: 'batch_input_shape' });
        return;
      case 'dense':
        layers.push(planDense(cfg, where, i));
        return;
      case 'dropout': {
        const rate = cfg.get('rate');
        if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw bad(`${where} has rate ${describe(rate)}; expected a number in [0, 1).`, { layer: i, option: 'rate' });
        const noise = cfg.get('noiseshape');
        if (noise !== undefined && noise !== null) {
          throw unsupported(`${where} has a noise_shape; wasmlp's Dropout drops single values. Remove noise_shape in TensorFlow.js (it does not change predictions) and save again.`, { layer: i, option: 'noise_shape' });
        }
        for (const l of layers) if (l.kind === 'dense') l.dropoutsAfter++;
        layers.push({ kind: 'dropout', index: i, rate, name: typeof name === 'string' ? name : undefined });
        return;
      }
      case 'batchnormalization':
        layers.push(planBatchNorm(cfg, where, i));
        return;
      case 'activation':
        foldActivation(layers, activationOf(cfg.get('activation'), where, i), where, i);
        return;
      case 'relu': {
        const max = cfg.get('maxvalue'), threshold = cfg.get('threshold');
        const slope = finiteOr(cfg.get('negativeslope'), 0, where, 'negative_slope', i);
        if ((max !== undefined && max !== null) || (threshold !== undefined && threshold !== null && threshold !== 0)) {
          throw unsupported(`${where} clips (max_value ${describe(max)}, threshold ${describe(threshold)}); wasmlp implements plain ReLU only.`, { layer: i });
        }
        foldActivation(layers, slope === 0 ? ACTIVATIONS.relu : { activation: 'leakyRelu', alpha: slope }, where, i);
        return;
      }
      case 'leakyrelu': {
        const alpha = finiteOr(cfg.get('alpha') ?? cfg.get('negativeslope'), 0.3, where, 'alpha', i);
        foldActivation(layers, { activation: 'leakyRelu', alpha }, where, i);
        return;
      }
      case 'elu':
        foldActivation(layers, { activation: 'elu', alpha: finiteOr(cfg.get('alpha'), 1, where, 'alpha', i) }, where, i);
        return;
      case 'softmax': {
        const axis = cfg.get('axis');
        const ok = axis === undefined || axis === null || axis === -1 || axis === 1 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 1));
        if (!ok) throw unsupported(`${where} takes softmax over axis ${describe(axis)}; wasmlp's rows are flat, so only the last axis exists.`, { layer: i, option: 'axis' });
        foldActivation(layers, ACTIVATIONS.softmax, where, i);
        return;
      }
      default:
        throw new WasmlpError('TFJS_UNSUPPORTED_LAYER',
          `${where}: wasmlp cannot load ${cls.length > 80 ? `${cls.slice(0, 80)}…` : cls} layers. It reads Sequential models made of ${SUPPORTED_LAYERS} layers on flat feature rows.`,
          { layer: i, option: 'class_name' });
    }
  });
  return { layers, declaredInput };
}

export function readInputShape(cfg: Fields, where: string, layer: number): number | undefined {
  const batchShape = cfg.get('batchinputshape') ?? cfg.get('batchshape');
  const inputShape = cfg.get('inputshape');
  const inputDim = cfg.get('inputdim');
  let features: unknown;
  if (batchShape !== undefined && batchShape !== null) {
    if (!Array.isArray(batchShape)) throw bad(`${where} has batch_input_shape ${describe(batchShape)}; expected [null, features].`, { layer, option: 'batch_input_shape' });
    if (batchShape.length !== 2) {
      throw unsupported(`${where} takes inputs of shape ${JSON.stringify(batchShape)}; wasmlp's dense layers take flat rows of shape [null, features].`, { layer, option: 'batch_input_shape' });
    }
    const b = batchShape[0];
    if (!(b === null || b === -1 || isPositiveInt(b))) throw bad(`${where} has batch size ${describe(b)} in batch_input_shape.`, { layer, option: 'batch_input_shape' });
    features = batchShape[1];
  } else if (inputShape !== undefined && inputShape !== null) {
    if (!Array.isArray(inputShape)) throw bad(`${where} has input_shape ${describe(inputShape)}; expected [features].`, { layer, option: 'input_shape' });
    if (inputShape.length !== 1) {
      throw unsupported(`${where} takes inputs of shape ${JSON.stringify(inputShape)}; wasmlp's dense layers take flat rows [features].`, { layer, option: 'input_shape' });
    }
    features = inputShape[0];
  } else if (inputDim !== undefined && inputDim !== null) {
    features = inputDim;
  } else {
    return undefined;
  }
  if (!isPositiveInt(features)) throw bad(`${where} declares ${describe(features)} input features; expected a positive integer up to ${MAX_WIDTH}.`, { layer, option: 'batch_input_shape' });
  return features;
}

export function regularizerOf(value: unknown, where: string, layer: number): { l1: number; l2: number } | undefined {
  if (value === undefined || value === null) return undefined;
  const f = fields(value);
  const cls = f?.get('classname');
  const cfg = fields(f?.get('config') ?? {});
  if (f && typeof cls === 'string' && ['l1l2', 'l1', 'l2'].includes(nameKey(cls)) && cfg) {
    const l1 = cfg.get('l1') ?? 0, l2 = cfg.get('l2') ?? 0;
    if (typeof l1 === 'number' && typeof l2 === 'number' && Number.isFinite(l1) && Number.isFinite(l2) && l1 >= 0 && l2 >= 0) return { l1, l2 };
  }
  warn('TFJS_REGULARIZER_DROPPED', `${where} has kernel_regularizer ${JSON.stringify(value).slice(0, 120)}, which wasmlp does not implement; it is dropped (it only affects further training).`);
  return undefined;
}

export function planBatchNorm(cfg: Fields, where: string, i: number): NormSpec {
  const axis = cfg.get('axis');
  const axisOk = axis === undefined || axis === null || axis === -1 || axis === 1 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 1));
  if (!axisOk) throw unsupported(`${where} normalises over axis ${describe(axis)}; wasmlp's rows are flat, so only the feature axis (-1) exists.`, { layer: i, option: 'axis' });
  const momentum = finiteOr(cfg.get('momentum'), 0.99, where, 'momentum', i);
  const epsilon = finiteOr(cfg.get('epsilon'), 1e-3, where, 'epsilon', i);
  if (!(momentum >= 0 && momentum <= 1)) throw bad(`${where} has momentum ${momentum}; expected a number in [0, 1].`, { layer: i, option: 'momentum' });
  if (!(epsilon > 0)) throw bad(`${where} has epsilon ${epsilon}; expected a number > 0.`, { layer: i, option: 'epsilon' });
  const flag = (key: string, option: string): boolean => {
    const v = cfg.get(key) ?? true;
    if (typeof v !== 'boolean') throw bad(`${where} has ${option} ${describe(v)}; expected true or false.`, { layer: i, option });
    return v;
  };
  for (const key of ['betaregularizer', 'gammaregularizer', 'betaconstraint', 'gammaconstraint']) {
    const v = cfg.get(key);
    if (v !== undefined && v !== null) warn('TFJS_SETTING_DROPPED', `${where} has a ${key.replace('regularizer', '_regularizer').replace('constraint', '_constraint')}, which wasmlp does not implement; it is dropped (it only affects further training).`);
  }
  const name = cfg.get('name');
  return { kind: 'batchNorm', index: i, name: typeof name === 'string' ? name : undefined, momentum, epsilon, center: flag('center', 'center'), scale: flag('scale', 'scale'), width: 0 };
}

export function planDense(cfg: Fields, where: string, i: number): DenseSpec {
  const units = cfg.get('units');
  if (!isPositiveInt(units)) throw bad(`${where} has units ${describe(units)}; expected a positive integer up to ${MAX_WIDTH}.`, { layer: i, option: 'units' });
  const act = activationOf(cfg.get('activation'), where, i);
  const useBias = cfg.get('usebias') ?? true;
  if (typeof useBias !== 'boolean') throw bad(`${where} has use_bias ${describe(useBias)}; expected true or false.`, { layer: i, option: 'use_bias' });
  for (const key of ['biasregularizer', 'activityregularizer', 'kernelconstraint', 'biasconstraint']) {
    const v = cfg.get(key);
    if (v !== undefined && v !== null) warn('TFJS_SETTING_DROPPED', `${where} has a ${key.replace('regularizer', '_regularizer').replace('constraint', '_constraint')}, which wasmlp does not implement; it is dropped (it only affects further training).`);
  }
  const name = cfg.get('name');
  const options: DenseOptions & { activation: ActivationName } = { units, activation: act.activation, useBias };
  if (act.alpha !== undefined) options.alpha = act.alpha;
  const reg = regularizerOf(cfg.get('kernelregularizer'), where, i);
  if (reg) options.kernelRegularizer = reg;
  if (typeof name === 'string') options.name = name;
  return { kind: 'dense', index: i, options, units, inputs: 0, dropoutsAfter: 0 };
}
