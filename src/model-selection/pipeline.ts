import type { ScoringIdentifier } from '../metrics/scoring.js';
import { normaliseOptions } from '../options.js';
import { WasmlpError, describe, unknownName } from '../errors.js';
import type { Matrix } from '../data/matrix.js';
import { toFeatures, type Features, type FeaturesLike } from '../data/rows.js';
import type { History } from '../callbacks/history.js';
import type { ScoringName } from '../metrics/scoring.js';
import type { Transformer, TransformerJSON } from '../preprocessing/transformer.js';
import { restoreTransformer } from '../preprocessing/registry.js';
import { checksum } from '../codec/checksum.js';
import { canonicalJson } from '../codec/canonical-json.js';
import { isEstimator, type Estimator } from './estimator.js';
import { KerasClassifier, type BuildFn } from './classifier.js';
import { TabularClassifier } from '../recipe/tabular-classifier.js';

/** A step, optionally named: `new StandardScaler()` or `['scaler', new StandardScaler()]`. */
export type PipelineStep = Transformer | Estimator | readonly [string, Transformer | Estimator];

/** The `format` field of a saved Pipeline. */
export const PIPELINE_FORMAT = 'wasmlp-pipeline';

/** The saved form of a Pipeline: every step as JSON, plus metadata such as feature and class names. */
export interface PipelineJSON {
  format: typeof PIPELINE_FORMAT;
  formatVersion: 1;
  steps: { name: string; json: unknown }[];
  /** Free-form facts kept with the artefact (feature names, class names, ...). */
  metadata: Record<string, unknown>;
  /**
   * Checksum over everything else (every step's statistics, categories, weights, class values and
   * the metadata), so an edited scaler mean, a deleted step or swapped class names are refused.
   */
  integrity?: string;
}

/** @internal The checksum toJSON writes (exported for tests that forge files). */
export function pipelineIntegrity(j: Omit<PipelineJSON, 'integrity'>): string {
  const { format, formatVersion, steps, metadata } = j;
  return `cyrb53:${checksum(canonicalJson({ format, formatVersion, steps, metadata }, 'Pipeline.fromJSON'))}`;
}

interface Named<T> { name: string; step: T }

/**
 * Transformers followed by a final estimator (scikit-learn's Pipeline). fit fits each transformer
 * on the rows it is given and feeds its output on; so inside crossValidate, every scaler is fitted
 * on the training part of its fold only. predict and predictProba take raw rows.
 * Saved and loaded as one JSON artefact.
 *
 * @example
 * const pipe = new Pipeline([new StandardScaler(), new KerasClassifier({ build, epochs: 100, batchSize: 5 })]);
 * const { mean } = await crossValScore(pipe, x, y, { cv: 10, seed: 7 });
 */
export class Pipeline implements Estimator {
  readonly className = 'Pipeline';
  readonly transformers: Named<Transformer>[];
  readonly final: Named<Estimator>;
  /** Kept in toJSON: e.g. featureNames, classNames from the loaded dataset. */
  metadata: Record<string, unknown> = {};
  private fittedFlag = false;

  constructor(steps: readonly PipelineStep[]) {
    if (!Array.isArray(steps) || steps.length === 0) {
      throw new WasmlpError('BAD_OPTION', `Pipeline takes a non-empty array of steps (transformers, then an estimator); received ${describe(steps)}.`, { option: 'steps' });
    }
    const named = steps.map((s, i) => {
      const [name, step] = Array.isArray(s) ? (s as [string, Transformer | Estimator]) : [defaultName(s as Transformer | Estimator), s as Transformer | Estimator];
      if (typeof name !== 'string' || name === '' || name.includes('__')) {
        throw new WasmlpError('BAD_OPTION', `Pipeline step ${i}: a name must be a non-empty string without '__'; received ${describe(name)}.`, { option: 'steps' });
      }
      return { name, step };
    });
    const names = new Set<string>();
    for (const n of named) {
      if (names.has(n.name)) throw new WasmlpError('BAD_OPTION', `Pipeline step names must be unique; '${n.name}' appears twice. Name steps as ['scaler', new StandardScaler()].`, { option: 'steps' });
      names.add(n.name);
    }
    const last = named[named.length - 1];
    if (!isEstimator(last.step)) {
      throw new WasmlpError('BAD_OPTION', `Pipeline: the last step must be an estimator with fit/predictProba (e.g. a KerasClassifier); step '${last.name}' is ${describe(last.step)}.`, { option: 'steps' });
    }
    named.slice(0, -1).forEach((n, i) => {
      const t = n.step as Transformer;
      // scikit-learn's _validate_steps: every intermediate step must fit and transform.
      if (isEstimator(t) || typeof t.fit !== 'function' || typeof t.transform !== 'function') {
        throw new WasmlpError('BAD_OPTION', `Pipeline: all intermediate steps should be transformers and implement fit and transform; step ${i} ('${n.name}') is ${describe(t)}.`, { option: 'steps' });
      }
    });
    this.transformers = named.slice(0, -1) as Named<Transformer>[];
    this.final = last as Named<Estimator>;
  }

  get steps(): { name: string; step: Transformer | Estimator }[] {
    return [...this.transformers, this.final];
  }

  get history(): History | null {
    return this.final.step.history;
  }

  get isFitted(): boolean {
    return this.fittedFlag && this.final.step.isFitted;
  }

  /** Fits every transformer on x (in order) and the estimator on the transformed rows. */
  async fit(x: FeaturesLike, y: ArrayLike<number>): Promise<this> {
    let m: Features = toFeatures(x, 'x');
    for (const { step } of this.transformers) m = step.fitTransform(m, y);
    await this.final.step.fit(m, y);
    this.fittedFlag = true;
    return this;
  }

  /** @internal Streaming fit (src/stream/pipeline-stream.ts) fitted the steps itself. */
  markFitted(): void {
    this.fittedFlag = true;
  }

  /** Applies the fitted transformers to raw rows (a matrix, a Table, or rows as objects). */
  transform(x: FeaturesLike, call = 'transform'): Features {
    if (!this.fittedFlag) {
      throw new WasmlpError('NOT_FITTED', `This Pipeline is not fitted yet: call fit(x, y) before ${call}(x).`, { option: call });
    }
    let m: Features = toFeatures(x, 'x');
    for (const { step } of this.transformers) m = step.transform(m);
    return m;
  }

  predictProba(x: FeaturesLike): Matrix {
    return this.final.step.predictProba(this.transform(x, 'predictProba'));
  }

  predict(x: FeaturesLike): Int32Array {
    return this.final.step.predict(this.transform(x, 'predict'));
  }

  score(x: FeaturesLike, y: ArrayLike<number>, scoring: ScoringIdentifier = 'accuracy'): number {
    return this.final.step.score(this.transform(x, 'score'), y, scoring);
  }

  /** Parameters as `step__name`; the final estimator's also without prefix. */
  getParams(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const { name, step } of this.transformers) {
      const config = (step.toJSON() as TransformerJSON).config as Record<string, unknown>;
      for (const [k, v] of Object.entries(config ?? {})) out[`${name}__${k}`] = v;
    }
    for (const [k, v] of Object.entries(this.final.step.getParams())) out[`${this.final.name}__${k}`] = v;
    return out;
  }

  /**
   * `finalName__param` or a bare `param` sets the final estimator; `scaler__param` replaces that
   * transformer by one with the new config.
   */
  setParams(params: Record<string, unknown>): this {
    const forFinal: Record<string, unknown> = {};
    const forStep = new Map<string, Record<string, unknown>>();
    for (const [key, value] of Object.entries(params)) {
      const cut = key.indexOf('__');
      if (cut < 0) { forFinal[key] = value; continue; }
      const name = key.slice(0, cut), param = key.slice(cut + 2);
      if (name === this.final.name) { forFinal[param] = value; continue; }
      if (!this.transformers.some((t) => t.name === name)) throw unknownName('pipeline step', name, this.steps.map((s) => s.name), key);
      (forStep.get(name) ?? forStep.set(name, {}).get(name)!)[param] = value;
    }
    for (const t of this.transformers) {
      const change = forStep.get(t.name);
      if (!change) continue;
      const json = t.step.toJSON() as TransformerJSON;
      t.step = restoreTransformer({ className: json.className, config: { ...(json.config as object), ...change }, state: null });
      this.fittedFlag = false;
    }
    if (Object.keys(forFinal).length) this.final.step.setParams(forFinal);
    return this;
  }

  /** Unfitted copy: transformers rebuilt from their config, the estimator cloned. */
  clone(): Pipeline {
    const steps: [string, Transformer | Estimator][] = this.transformers.map(({ name, step }) => {
      const json = step.toJSON() as TransformerJSON;
      return [name, restoreTransformer({ className: json.className, config: json.config, state: null })];
    });
    steps.push([this.final.name, this.final.step.clone()]);
    const copy = new Pipeline(steps);
    copy.metadata = structuredClone(this.metadata);
    return copy;
  }

  toJSON(): PipelineJSON {
    const doc: PipelineJSON = {
      format: PIPELINE_FORMAT,
      formatVersion: 1,
      steps: this.steps.map(({ name, step }) => ({ name, json: JSON.parse(JSON.stringify(step.toJSON())) })),
      metadata: JSON.parse(JSON.stringify(this.metadata)),
    };
    doc.integrity = pipelineIntegrity(doc);
    return doc;
  }

  /** Restores a saved pipeline; `build` lets its KerasClassifier be fitted again. */
  static fromJSON(json: unknown, options: { build?: BuildFn<any> } = {}): Pipeline {
    options = normaliseOptions<{ build?: BuildFn<any> }>('Pipeline.fromJSON', options, ['build']);
    const j = (typeof json === 'string' ? parseJson(json) : json) as PipelineJSON;
    if (typeof j !== 'object' || j === null || j.format !== PIPELINE_FORMAT) {
      throw new WasmlpError('BAD_FORMAT', `Pipeline.fromJSON expects a '${PIPELINE_FORMAT}' artefact (Pipeline.toJSON()); received ${describe(j && (j as PipelineJSON).format !== undefined ? (j as PipelineJSON).format : j)}.`, { option: 'format' });
    }
    if (j.formatVersion !== 1) {
      throw new WasmlpError('BAD_FORMAT', `Pipeline.fromJSON: formatVersion ${describe(j.formatVersion)} is not supported (this wasmlp reads 1).`, { option: 'formatVersion' });
    }
    if (!Array.isArray(j.steps) || j.steps.length === 0) {
      throw new WasmlpError('BAD_FORMAT', 'Pipeline.fromJSON: the artefact has no steps.', { option: 'steps' });
    }
    const fitted = j.steps.some((s) => { const st = s?.json as { state?: unknown; model?: unknown } | null; return Boolean(st && (st.state || st.model)); });
    if (j.integrity !== undefined || fitted) {
      if (typeof j.integrity !== 'string') {
        throw new WasmlpError('PIPELINE_INTEGRITY', "Pipeline.fromJSON: this fitted pipeline has no 'integrity' field, so edits to it cannot be detected; save it again with Pipeline.toJSON().", { option: 'integrity' });
      }
      if (j.integrity !== pipelineIntegrity(j)) {
        throw new WasmlpError('PIPELINE_INTEGRITY', 'Pipeline.fromJSON: the integrity check failed: a step, a fitted statistic, a class or the metadata was changed (or the file is damaged) since it was saved. Train and save the pipeline again.', { option: 'integrity' });
      }
    }
    if (typeof j.metadata !== 'object' || j.metadata === null || Array.isArray(j.metadata)) {
      throw new WasmlpError('BAD_FORMAT', 'Pipeline.fromJSON: metadata must be an object.', { option: 'metadata' });
    }
    const threshold = (j.metadata as { decisionThreshold?: unknown }).decisionThreshold;
    if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) {
      throw new WasmlpError('BAD_FORMAT', `Pipeline.fromJSON: decisionThreshold is ${describe(threshold)}; a probability threshold lies in [0, 1].`, { option: 'decisionThreshold' });
    }
    j.steps.forEach((s, i) => {
      if (typeof s !== 'object' || s === null || typeof s.name !== 'string') throw new WasmlpError('BAD_FORMAT', `Pipeline.fromJSON: step ${i} is not { name, json }.`, { option: `steps[${i}]` });
    });
    const steps: [string, Transformer | Estimator][] = j.steps.map((s, i) => {
      const cls = (s.json as { className?: string })?.className;
      if (i === j.steps.length - 1) {
        if (cls === 'TabularClassifier') return [s.name, TabularClassifier.fromJSON(s.json)];
        if (cls !== 'KerasClassifier') throw unknownName('estimator', cls, ['KerasClassifier', 'TabularClassifier'], `steps[${i}]`);
        return [s.name, KerasClassifier.fromJSON(s.json, { build: options.build })];
      }
      return [s.name, restoreTransformer(s.json as TransformerJSON)];
    });
    const pipe = new Pipeline(steps);
    pipe.metadata = j.metadata ?? {};
    pipe.fittedFlag = steps.slice(0, -1).every(([, t]) => (t as unknown as { isFitted: boolean }).isFitted) && pipe.final.step.isFitted;
    return pipe;
  }

  dispose(): void {
    this.final.step.dispose();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new WasmlpError('BAD_FORMAT', `Pipeline.fromJSON: the text is not JSON (${(e as Error).message}).`, { option: 'json' });
  }
}


function defaultName(step: Transformer | Estimator): string {
  const cls = (step as { className?: string }).className ?? step.constructor?.name ?? 'step';
  return cls.toLowerCase();
}
