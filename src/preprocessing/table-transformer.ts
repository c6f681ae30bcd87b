import { WasmlpError, describe } from '../errors.js';
import { optionAdvice } from '../advice.js';
import type { Features, FeaturesLike } from '../data/rows.js';
import type { Table } from '../data/table.js';
import { checkOptionKeys } from '../data/option-keys.js';
import { COLUMN_KINDS, inferSchema, type ColumnKind } from '../data/schema.js';
import { columnNames, type ColumnRef } from '../data/table-columns.js';
import type { Transformer, TransformerJSON } from './transformer.js';
import { ColumnTransformer, type ColumnPart, type ColumnTransformerConfig, type ColumnTransformerState } from './column-transformer.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { OrdinalEncoder } from './ordinal-encoder.js';
import { textEncoderFor } from './text-hook.js';
import { asTable } from './table-align.js';

/** Options of TableTransformer: column kinds, dropped columns, imputation, indicators, scaling and category encoding. */
export interface TableTransformerConfig {
  /** Kind per column name, overriding inference (the CLI passes the whole file's schema so every fold reads columns alike). */
  kinds?: Record<string, ColumnKind>;
  /** Columns left out. */
  drop?: readonly ColumnRef[];
  /** Columns read as categories (booleans, small-integer codes). */
  categorical?: readonly ColumnRef[];
  /** Columns read as free text (TF-IDF). */
  text?: readonly ColumnRef[];
  /** How missing numbers are filled: 'median' (default), 'mean' or 'mostFrequent'. */
  impute?: 'median' | 'mean' | 'mostFrequent';
  /** Add a 0/1 `${name}_missing` column for numeric columns with missing cells (default true). */
  indicators?: boolean;
  /** Scaling of numeric columns: 'standard' (default), 'minmax' or 'none'. */
  scale?: 'standard' | 'minmax' | 'none';
  /** Category columns: 'onehot' (default) or 'ordinal' (one code column each, standardized). */
  categories?: 'onehot' | 'ordinal';
  /** Categories rarer than this (count, or fraction of rows) share one column. */
  minFrequency?: number;
  /** At most this many categories per column (default 200), with a warning. */
  maxCategories?: number;
}

const CONFIG_KEYS = ['kinds', 'drop', 'categorical', 'text', 'impute', 'indicators', 'scale', 'categories', 'minFrequency', 'maxCategories'];

/** What was done to one input column, for `inspect`, reports and saved models. */
export interface ColumnPlan {
  name: string;
  kind: ColumnKind;
  action: string;
  /** Output columns it produced. */
  outputs: string[];
}

export interface TableTransformerState {
  columns: ColumnPlan[];
  encoder: TransformerJSON<ColumnTransformerConfig, ColumnTransformerState>;
}

/**
 * The default preprocessing of a raw table, built from each column's kind (as Keras' FeatureSpace
 * or a hand-written scikit-learn ColumnTransformer): numbers imputed (median) with a missing
 * indicator where needed and standardized; categories one-hot encoded (missing as its own
 * category, unseen ones ignored); text through TF-IDF; ID-like and constant columns dropped.
 * Everything is fitted on the rows given to fit: in a Pipeline, on each fold's training rows.
 * transform takes a Table or raw rows as objects, with columns in any order.
 *
 * @example
 * const pipe = new Pipeline([new TableTransformer(), new KerasClassifier({ build, epochs: 100 })]);
 * await crossValidate(pipe, x, y, { cv: 5 });   // x: a Table, y: class ids
 */
export class TableTransformer implements Transformer {
  readonly className = 'TableTransformer';
  private readonly config: TableTransformerConfig;
  private encoder: ColumnTransformer | null = null;
  private plans: ColumnPlan[] = [];

  constructor(config: TableTransformerConfig = {}) {
    checkOptionKeys('TableTransformer', config, CONFIG_KEYS);
    const oneOf = (option: keyof TableTransformerConfig, valid: readonly string[]) => {
      const v = config[option];
      if (v !== undefined && !valid.includes(v as string)) {
        throw new WasmlpError('BAD_OPTION', `TableTransformer: ${option} must be one of ${valid.join(', ')}; received ${describe(v)}.`, { option });
      }
    };
    oneOf('impute', ['median', 'mean', 'mostFrequent']);
    oneOf('scale', ['standard', 'minmax', 'none']);
    oneOf('categories', ['onehot', 'ordinal']);
    for (const [name, kind] of Object.entries(config.kinds ?? {})) {
      if (!COLUMN_KINDS.includes(kind)) throw new WasmlpError('BAD_OPTION', `TableTransformer: kinds.${name} must be one of ${COLUMN_KINDS.join(', ')}; received ${describe(kind)}.`, { option: 'kinds', column: name });
    }
    this.config = structuredClone(config);
  }

  get isFitted(): boolean {
    return this.encoder !== null;
  }

  getConfig(): TableTransformerConfig {
    return structuredClone(this.config);
  }

  fit(x: FeaturesLike | readonly Record<string, unknown>[], y?: unknown): this {
    this.fitTransform(x, y);
    return this;
  }

  fitTransform(x: FeaturesLike | readonly Record<string, unknown>[], y?: unknown): Features {
    const t = asTable(x, 'TableTransformer.fit');
    const c = this.config;
    const schema = inferSchema(t, { drop: c.drop, categorical: c.categorical, text: c.text, warn: false });
    const dropped = new Set(columnNames(t, c.drop, 'drop'));
    const kindOf = (name: string, inferred: ColumnKind): ColumnKind => c.kinds?.[name] ?? inferred;
    const byKind = new Map<ColumnKind, string[]>(COLUMN_KINDS.map((k) => [k, []]));
    const plans: ColumnPlan[] = [];
    for (const col of schema.columns) {
      const kind = kindOf(col.name, col.kind);
      if (dropped.has(col.name)) {
        plans.push({ name: col.name, kind, action: 'dropped (asked)', outputs: [] });
        continue;
      }
      byKind.get(kind)!.push(col.name);
      plans.push({ name: col.name, kind, action: '', outputs: [] });
    }
    const numbers = byKind.get('number')!, categories = byKind.get('category')!, texts = byKind.get('text')!;
    if (numbers.length + categories.length + texts.length === 0) {
      throw new WasmlpError('NO_FEATURES', `TableTransformer: no column can be used as a feature (${plans.map((p) => `${p.name}: ${p.action || p.kind}`).join(', ')}). Keep at least one number, category or text column, or declare a column's kind (${optionAdvice('categorical')}).`, { option: 'drop' });
    }
    const scaler = () => (c.scale === 'minmax' ? [new MinMaxScaler()] : c.scale === 'none' ? [] : [new StandardScaler()]);
    const parts: ColumnPart[] = [];
    if (numbers.length) parts.push(['numbers', [new SimpleImputer({ strategy: c.impute ?? 'median', addIndicator: c.indicators ?? true }), ...scaler()], numbers]);
    const levels = { ...(c.minFrequency !== undefined ? { minFrequency: c.minFrequency } : {}), ...(c.maxCategories !== undefined ? { maxCategories: c.maxCategories } : {}) };
    if (categories.length) {
      parts.push(c.categories === 'ordinal'
        ? ['categories', [new OrdinalEncoder(levels), new StandardScaler()], categories]
        : ['categories', new OneHotEncoder({ handleUnknown: 'ignore', ...levels }), categories]);
    }
    for (const name of texts) parts.push([`text:${name}`, textEncoderFor(name), [name]]);
    const encoder = new ColumnTransformer(parts, { absentAsMissing: true });
    const out = encoder.fitTransform(t, y);
    this.encoder = encoder;
    this.plans = describePlans(plans, encoder, c);
    return out;
  }

  transform(x: FeaturesLike | readonly Record<string, unknown>[]): Features {
    if (!this.encoder) throw new WasmlpError('NOT_FITTED', 'This TableTransformer is not fitted yet: call fit(x) before transform(x).', { option: 'transform' });
    return this.encoder.transform(asTable(x, 'TableTransformer.transform') as Table);
  }

  featureNamesOut(): string[] {
    if (!this.encoder) throw new WasmlpError('NOT_FITTED', 'This TableTransformer is not fitted yet: call fit(x) before featureNamesOut().', { option: 'featureNamesOut' });
    return this.encoder.featureNamesOut();
  }

  /** What was done to each input column (kind, action, output columns). */
  columnPlans(): ColumnPlan[] {
    return structuredClone(this.plans);
  }

  toJSON(): TransformerJSON<TableTransformerConfig, TableTransformerState> {
    return { className: this.className, config: this.getConfig(), state: this.encoder ? { columns: this.plans, encoder: this.encoder.toJSON() } : null };
  }

  static fromJSON(json: TransformerJSON<TableTransformerConfig, TableTransformerState>): TableTransformer {
    if (json?.className !== 'TableTransformer') throw new WasmlpError('BAD_JSON', `TableTransformer.fromJSON received className ${describe(json?.className)}.`, { option: 'className' });
    const tt = new TableTransformer(json.config ?? {});
    if (json.state) {
      const s = json.state;
      if (!Array.isArray(s.columns) || typeof s.encoder !== 'object' || s.encoder === null || !s.encoder.state) {
        throw new WasmlpError('BAD_JSON', 'TableTransformer.fromJSON: the fitted state is damaged (columns and a fitted encoder are needed).', { option: 'state' });
      }
      tt.encoder = ColumnTransformer.fromJSON(s.encoder);
      tt.plans = structuredClone(s.columns);
    }
    return tt;
  }
}

function describePlans(plans: ColumnPlan[], encoder: ColumnTransformer, c: TableTransformerConfig): ColumnPlan[] {
  const names = encoder.featureNamesOut();
  return plans.map((p) => {
    if (p.action) return p;
    const outputs = names.filter((n) => n === p.name || n === `${p.name}_missing` || n.startsWith(`${p.name}=`) || n.startsWith(`${p.name}:`));
    const scale = c.scale === 'minmax' ? 'min-max scaled' : c.scale === 'none' ? '' : 'standardized';
    switch (p.kind) {
      case 'number': {
        const imputed = outputs.includes(`${p.name}_missing`) ? `missing filled with the ${c.impute === 'mostFrequent' ? 'most frequent value' : c.impute ?? 'median'} + indicator, ` : '';
        return { ...p, action: `${imputed}${scale || 'as is'}`.replace(/, $/, ''), outputs };
      }
      case 'category':
        return { ...p, action: c.categories === 'ordinal' ? 'ordinal codes, standardized' : `one-hot (${outputs.length} columns)`, outputs };
      case 'text':
        return { ...p, action: `TF-IDF (${outputs.length} terms)`, outputs };
      case 'id':
        return { ...p, action: 'dropped (ID-like: unique per row)', outputs: [] };
      default:
        return { ...p, action: 'dropped (constant)', outputs: [] };
    }
  });
}
