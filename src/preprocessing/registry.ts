import { unknownName } from '../errors.js';
import type { Transformer, TransformerJSON } from './transformer.js';
import { StandardScaler } from './standard-scaler.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { OrdinalEncoder } from './ordinal-encoder.js';
import { SimpleImputer } from './simple-imputer.js';
import { ColumnTransformer, setStepRestorer } from './column-transformer.js';
import { TableTransformer } from './table-transformer.js';
import { TEXT_ENCODERS } from './text-hook.js';

/** Transformers a saved pipeline can hold, restored by className (lazily: the classes import this file too). */
const TRANSFORMERS: Record<string, (json: TransformerJSON<any, any>) => Transformer> = {
  StandardScaler: (j) => StandardScaler.fromJSON(j),
  MinMaxScaler: (j) => MinMaxScaler.fromJSON(j),
  OneHotEncoder: (j) => OneHotEncoder.fromJSON(j),
  OrdinalEncoder: (j) => OrdinalEncoder.fromJSON(j),
  SimpleImputer: (j) => SimpleImputer.fromJSON(j),
  ColumnTransformer: (j) => ColumnTransformer.fromJSON(j),
  TableTransformer: (j) => TableTransformer.fromJSON(j),
};

export function transformerNames(): string[] {
  return [...Object.keys(TRANSFORMERS), ...Object.keys(TEXT_ENCODERS)];
}

/** Rebuilds a transformer (fitted when the JSON has its state) from its saved form. */
export function restoreTransformer(json: TransformerJSON): Transformer {
  const cls = json?.className;
  const make = (typeof cls === 'string' && Object.hasOwn(TRANSFORMERS, cls) ? TRANSFORMERS[cls] : undefined) ?? (typeof cls === 'string' && Object.hasOwn(TEXT_ENCODERS, cls) ? TEXT_ENCODERS[cls] : undefined);
  if (!make) throw unknownName('transformer', cls, transformerNames(), 'className');
  return make(json);
}

/** An unfitted copy with the same configuration. */
export function cloneTransformer(t: Transformer): Transformer {
  const json = t.toJSON();
  return restoreTransformer({ className: json.className, config: json.config, state: null });
}

setStepRestorer(restoreTransformer);
