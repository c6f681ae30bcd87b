import type { ErrorCode } from './error-codes.js';

/**
 * The families of "unknown name" errors: the kind of name as written in messages, and its code.
 * unknownName() takes one of these kinds, so a new family must be listed here (and documented).
 */
export const UNKNOWN_NAME_CODES = {
  activation: 'UNKNOWN_ACTIVATION',
  loss: 'UNKNOWN_LOSS',
  optimizer: 'UNKNOWN_OPTIMIZER',
  initializer: 'UNKNOWN_INITIALIZER',
  scoring: 'UNKNOWN_SCORING',
  dataset: 'UNKNOWN_DATASET',
  'label column': 'UNKNOWN_LABEL_COLUMN',
  'missing mode': 'UNKNOWN_MISSING_MODE',
  'categorical mode': 'UNKNOWN_CATEGORICAL_MODE',
  'task mode': 'UNKNOWN_TASK_MODE',
  'pipeline step': 'UNKNOWN_PIPELINE_STEP',
  estimator: 'UNKNOWN_ESTIMATOR',
  transformer: 'UNKNOWN_TRANSFORMER',
  schedule: 'UNKNOWN_SCHEDULE',
} as const satisfies Record<string, ErrorCode>;

export type UnknownNameKind = keyof typeof UNKNOWN_NAME_CODES;
