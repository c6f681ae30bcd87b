import { WasmlpError, describe } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import type { FeaturesLike } from '../data/rows.js';
import { checkOptionKeys } from '../data/option-keys.js';
import type { Transformer, TransformerJSON } from './transformer.js';
import { categoryOf, checkLevelOptions, checkLevelsState, fitLevels, levelLookup, warnUnseen, type LevelOptions, type Levels } from './category-levels.js';
import { alignTable, asTable, signatureOf, type ColumnSignature } from './table-align.js';

/** Options of OrdinalEncoder: what to do with a category not seen in fit. */
export interface OrdinalEncoderConfig extends LevelOptions {
  /** Code of a category not seen in fit (default -1). */
  unknownValue?: number;
}

/** The fitted state of an OrdinalEncoder: the categories of each column, in code order. */
export interface OrdinalEncoderState {
  columns: ColumnSignature[];
  levels: Levels[];
}

const CONFIG_KEYS = ['unknownValue', 'minFrequency', 'maxCategories'];

/**
 * Each category column of a Table -> one column of integer codes: 0..k-1 for the sorted
 * categories, then the infrequent group and the missing category when fit saw them;
 * `unknownValue` (default -1) for a category fit never saw. One column per input column, so
 * it suits many-valued columns where one-hot would be too wide.
 */
export class OrdinalEncoder implements Transformer {
  readonly className = 'OrdinalEncoder';
  private state: OrdinalEncoderState | null = null;
  private readonly config: OrdinalEncoderConfig;

  constructor(config: OrdinalEncoderConfig = {}) {
    checkOptionKeys('OrdinalEncoder', config, CONFIG_KEYS);
    checkLevelOptions('OrdinalEncoder', config);
    if (config.unknownValue !== undefined && !(typeof config.unknownValue === 'number' && Number.isFinite(config.unknownValue))) {
      throw new WasmlpError('BAD_OPTION', `OrdinalEncoder: unknownValue must be a finite number; received ${describe(config.unknownValue)}.`, { option: 'unknownValue' });
    }
    this.config = { ...config };
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  fit(x: FeaturesLike | readonly Record<string, unknown>[], _y?: unknown): this {
    const t = asTable(x, 'OrdinalEncoder.fit');
    this.state = { columns: signatureOf(t), levels: t.columns.map((c) => fitLevels(c, this.config, 'OrdinalEncoder')) };
    return this;
  }

  transform(x: FeaturesLike | readonly Record<string, unknown>[]): Matrix {
    const s = this.fitted('transform');
    const t = alignTable(asTable(x, 'OrdinalEncoder.transform'), s.columns, 'OrdinalEncoder.transform', false);
    const cols = t.columns.length;
    const out = new Float32Array(t.rows * cols);
    const unknown = this.config.unknownValue ?? -1;
    t.columns.forEach((c, j) => {
      const find = levelLookup(s.levels[j]);
      const unseen = new Set<string>();
      for (let r = 0; r < t.rows; r++) {
        const k = categoryOf(c, r);
        const at = find(k);
        if (at < 0 && k !== null) unseen.add(k);
        out[r * cols + j] = at >= 0 ? at : unknown;
      }
      warnUnseen('OrdinalEncoder', c.name, unseen);
    });
    return { data: out, rows: t.rows, cols };
  }

  fitTransform(x: FeaturesLike | readonly Record<string, unknown>[], y?: unknown): Matrix {
    return this.fit(x, y).transform(x);
  }

  featureNamesOut(): string[] {
    return this.fitted('featureNamesOut').columns.map((c) => c.name);
  }

  /** The categories behind each column's codes. */
  get categories(): string[][] {
    return this.fitted('categories').levels.map((l) => [...l.categories, ...(l.infrequent ? ['(infrequent)'] : []), ...(l.missing ? ['(missing)'] : [])]);
  }

  toJSON(): TransformerJSON<OrdinalEncoderConfig, OrdinalEncoderState> {
    return { className: this.className, config: { ...this.config }, state: this.state };
  }

  static fromJSON(json: TransformerJSON<OrdinalEncoderConfig, OrdinalEncoderState>): OrdinalEncoder {
    if (json?.className !== 'OrdinalEncoder') throw new WasmlpError('BAD_JSON', `OrdinalEncoder.fromJSON received className ${describe(json?.className)}.`, { option: 'className' });
    const enc = new OrdinalEncoder(json.config ?? {});
    if (json.state) {
      checkLevelsState('OrdinalEncoder', json.state.columns, json.state.levels);
      enc.state = structuredClone(json.state);
    }
    return enc;
  }

  private fitted(call: string): OrdinalEncoderState {
    if (!this.state) throw new WasmlpError('NOT_FITTED', `This OrdinalEncoder is not fitted yet: call fit(x) before ${call}(x).`, { option: call });
    return this.state;
  }
}
