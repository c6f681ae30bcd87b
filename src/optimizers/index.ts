import { closestName } from '../options.js';
import { WasmlpError, describe } from '../errors.js';
import { nameKey, nameTable, type Spelling } from '../names.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamw } from './adamw.js';
import type { CoreOptimizerParams, OptimizerKind } from './optimizer.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import { resolveSchedule, type LearningRateSchedule } from './schedules.js';

const KINDS = { sgd, adam, adamw, rmsprop, adagrad } as const;
export type OptimizerName = keyof typeof KINDS;
export const optimizers = nameTable<OptimizerName>('optimizer', Object.keys(KINDS) as OptimizerName[]);

/** An optimizer as users may write it: 'adam', Keras' class names 'Adam', 'SGD', 'RMSprop', 'AdamW', ... */
export type OptimizerIdentifier = Spelling<OptimizerName> | 'SGD' | 'RMSprop' | 'RMSProp' | 'AdamW';

/** 'adam', { type: 'sgd', learningRate: 0.01 } or Keras' { className: 'SGD', config: { learning_rate: 0.01 } }. */
export type OptimizerSpec = OptimizerIdentifier | ({ type?: OptimizerIdentifier; className?: OptimizerIdentifier; config?: Record<string, unknown> } & Record<string, unknown>);

export interface ResolvedOptimizer {
  name: OptimizerName;
  /** Every option with defaults filled in: what toJSON stores (a schedule as its JSON). */
  config: Record<string, number | boolean | object>;
  core: CoreOptimizerParams;
  /** The learning-rate schedule when learningRate is one; fit applies it before every step. */
  schedule: LearningRateSchedule | null;
}

export function resolveOptimizer(spec: OptimizerSpec): ResolvedOptimizer {
  const rawName = typeof spec === 'string' ? spec : spec?.type ?? spec?.className;
  if (rawName === undefined) {
    throw new WasmlpError('BAD_OPTION', `optimizer needs a name: 'adam' or { type: 'sgd', learningRate: 0.01 }; received ${describe(spec)}. Valid optimizers: ${optimizers.names.join(', ')}.`, { option: 'optimizer' });
  }
  const name = optimizers.resolve(rawName, 'optimizer');
  const kind = KINDS[name] as OptimizerKind<Record<string, number | boolean>>;
  const given: Record<string, unknown> = typeof spec === 'object' ? { ...spec, ...(spec.config ?? {}) } : {};
  delete given.type; delete given.className; delete given.config;
  const byKey = new Map(Object.keys(kind.defaults).map((k) => [nameKey(k), k]));
  byKey.set('lr', 'learningRate');
  const config: Record<string, number | boolean> = { ...kind.defaults };
  for (const [key, value] of Object.entries(given)) {
    const canonical = byKey.get(nameKey(key));
    if (!canonical) {
      const near = closestName(key, [...Object.keys(kind.defaults), 'lr']);
      throw new WasmlpError('BAD_OPTION', `Unknown option '${key}' for optimizer '${name}'.${near ? ` Did you mean '${near === 'lr' ? 'learningRate' : near}'?` : ''} Its options are: ${Object.keys(kind.defaults).join(', ')}.`, { option: `optimizer.${key}` });
    }
    config[canonical] = value as number | boolean;
  }
  let schedule: LearningRateSchedule | null = null;
  if (typeof config.learningRate === 'object' && config.learningRate !== null) {
    schedule = resolveSchedule(config.learningRate, 'optimizer.learningRate');
    const core = kind.toCore({ ...config, learningRate: schedule.peak === Infinity ? schedule.at(0) || 1 : schedule.peak });
    return { name, config: { ...config, learningRate: schedule.toJSON() }, core: { ...core, learningRate: schedule.at(0) }, schedule };
  }
  return { name, config, core: kind.toCore(config), schedule };
}
