// The validated plan of a TF.js model: layers, weight entries, compile config (nothing allocated).
import { type DenseOptions } from '../../layers/dense.js';
import type { ActivationName } from '../../activations.js';
import type { CompileConfig } from '../../model/compile.js';

export interface DenseSpec {
  kind: 'dense';
  index: number;
  options: DenseOptions & { activation: ActivationName };
  units: number;
  inputs: number;
  /** Dropout layers seen since this Dense (an activation layer after them is moved before them). */
  dropoutsAfter: number;
}

export interface DropoutSpec {
  kind: 'dropout';
  index: number;
  rate: number;
  name: string | undefined;
}

/** A BatchNormalization layer; `width` (its features) is set once the input width is known. */
export interface NormSpec {
  kind: 'batchNorm';
  index: number;
  name: string | undefined;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  width: number;
}

/** Any layer of the plan. */
export type LayerSpec = DenseSpec | DropoutSpec | NormSpec;

export interface ManifestEntry {
  name: string;
  shape: number[];
  count: number;
  /** Byte offset in the concatenated weight data, and bytes taken. */
  offset: number;
  bytes: number;
  dtype: string;
  quantization: { dtype: 'uint8' | 'uint16' | 'float16'; scale: number; min: number } | null;
  group: number;
}

/** A parsed and validated TF.js model: layers, weight locations and expected byte counts. */
export interface TfjsPlan {
  /** @internal */ layers: LayerSpec[];
  /** @internal */ entries: ManifestEntry[];
  /** @internal */ assignment: ManifestEntry[];
  inputDim: number;
  /** Bytes the weight data must have in total, and per manifest group (file groups on disk). */
  totalBytes: number;
  groups: { paths: string[]; bytes: number }[];
  name: string | undefined;
  seed: number;
  /** @internal */ compile: { config: CompileConfig; fromWasmlp: boolean } | null;
}
