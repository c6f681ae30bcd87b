import type { OptimizerIdentifier } from '../../optimizers/index.js';
import type { MetricSpec } from '../../metrics/resolve.js';
// The training config (loss, optimizer, metrics) of a TF.js model or wasmlp's own metadata -> compile().
import { WasmlpError, describe } from '../../errors.js';
import type { CompileConfig } from '../../model/compile.js';
import { TFJS_METADATA_VERSION } from '../tfjs-export.js';
import { type Fields, bad, fields } from './fields.js';
import type { TfjsPlan } from './plan-types.js';

export function planMetadata(doc: Fields, trainingConfig: unknown): { seed: number; compile: TfjsPlan['compile']; name: string | undefined } {
  const meta = fields(fields(doc.get('userdefinedmetadata'))?.get('wasmlp'));
  if (meta) {
    const version = meta.get('formatversion');
    if (typeof version === 'number' && version > TFJS_METADATA_VERSION) {
      throw new WasmlpError('MODEL_VERSION', `This model's wasmlp metadata has version ${version}; this wasmlp reads up to version ${TFJS_METADATA_VERSION}. Upgrade wasmlp to load it.`, { option: 'userDefinedMetadata.wasmlp.formatVersion' });
    }
    const seed = meta.get('seed') ?? 0;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad(`'userDefinedMetadata.wasmlp.seed' is ${describe(seed)}.`, { option: 'userDefinedMetadata.wasmlp.seed' });
    const c = meta.get('compile');
    const name = meta.get('name');
    if (c !== null && c !== undefined && !fields(c)) throw bad("'userDefinedMetadata.wasmlp.compile' must be an object or null.", { option: 'userDefinedMetadata.wasmlp.compile' });
    return { seed, compile: c ? { config: c as CompileConfig, fromWasmlp: true } : null, name: typeof name === 'string' ? name : undefined };
  }
  // A model trained in TensorFlow.js or Keras: map its training config where the names match.
  const tc = fields(trainingConfig);
  if (!tc) return { seed: 0, compile: null, name: undefined };
  let loss = tc.get('loss');
  if (Array.isArray(loss) && loss.length === 1) loss = loss[0];
  const opt = fields(tc.get('optimizerconfig'));
  const metrics = tc.get('metrics');
  if (typeof loss !== 'string') return { seed: 0, compile: null, name: undefined };
  // Names from the file: compile() resolves them and names any it does not know.
  const config: CompileConfig = { loss: loss as CompileConfig['loss'] };
  if (opt && typeof opt.get('classname') === 'string') {
    config.optimizer = { className: opt.get('classname') as OptimizerIdentifier, config: (fields(opt.get('config')) ? opt.get('config') : {}) as Record<string, unknown> };
  }
  if (Array.isArray(metrics) && metrics.every((m) => typeof m === 'string')) config.metrics = metrics as MetricSpec[];
  return { seed: 0, compile: { config, fromWasmlp: false }, name: undefined };
}
