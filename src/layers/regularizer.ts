import { WasmlpError } from '../errors.js';
import { nameKey } from '../names.js';

/** Kernel penalty l1 * sum|W| + l2 * sum W^2, added to the loss and its gradient (Keras' L1L2). */
export interface Regularizer {
  l1: number;
  l2: number;
}

/** 'l2' (0.01), { l1, l2 }, or Keras' { className: 'L2', config: { l2: 0.01 } }. */
export type RegularizerSpec = string | { l1?: number; l2?: number; className?: string; config?: { l1?: number; l2?: number } } | null;

export function resolveRegularizer(spec: RegularizerSpec | undefined): Regularizer {
  if (spec === undefined || spec === null) return { l1: 0, l2: 0 };
  if (typeof spec === 'string') {
    const key = nameKey(spec);
    if (key === 'l1') return { l1: 0.01, l2: 0 };
    if (key === 'l2') return { l1: 0, l2: 0.01 };
    if (key === 'l1l2') return { l1: 0.01, l2: 0.01 };
    throw new WasmlpError('BAD_OPTION', `Unknown kernelRegularizer ${JSON.stringify(spec)}. Use 'l1', 'l2', 'l1l2' or { l1, l2 }.`, { option: 'kernelRegularizer' });
  }
  const cfg = { ...spec, ...(spec.config ?? {}) };
  const out: Regularizer = { l1: cfg.l1 ?? 0, l2: cfg.l2 ?? 0 };
  for (const key of ['l1', 'l2'] as const) {
    if (typeof out[key] !== 'number' || !Number.isFinite(out[key]) || out[key] < 0) {
      throw new WasmlpError('BAD_OPTION', `kernelRegularizer.${key} must be a number >= 0, received ${JSON.stringify(cfg[key])}.`, { option: `kernelRegularizer.${key}` });
    }
  }
  return out;
}
