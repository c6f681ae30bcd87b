import { WasmlpError } from '../errors.js';
import type { Transformer, TransformerJSON } from '../preprocessing/transformer.js';
import type { StandardScalerState } from '../preprocessing/standard-scaler.js';
import type { MinMaxScalerConfig, MinMaxScalerState } from '../preprocessing/min-max-scaler.js';
import type { OneHotEncoderConfig, OneHotEncoderState } from '../preprocessing/one-hot-encoder.js';
import { attr, ML_DOMAIN, type GraphBuilder } from './graph.js';

/** A value in the graph and its width (columns). */
export interface Flow { name: string; width: number }

type Step = (g: GraphBuilder, json: TransformerJSON<any, any>, x: Flow, stepName: string) => Flow;

export function unsupportedStep(stepName: string, className: string, why: string): WasmlpError {
  return new WasmlpError('ONNX_UNSUPPORTED_STEP', `exportOnnx: pipeline step '${stepName}' (${className}) ${why}.`, { option: `steps.${stepName}` });
}

/** ai.onnx.ml Scaler computes (x - offset) * scale per column in float32. */
function scaler(g: GraphBuilder, x: Flow, offset: number[], scale: number[], stepName: string): Flow {
  const [out] = g.node('Scaler', [x.name], { offset: attr.floats(offset), scale: attr.floats(scale) }, { domain: ML_DOMAIN, outputs: [`${stepName}/scaled`], name: `${stepName}/Scaler` });
  return { name: out, width: x.width };
}

const STEPS: Record<string, Step> = {
  RobustScaler(g, json, x, stepName) {
    // (x - median) * factor, then RealMLP's smooth clip z / sqrt(1 + (z / 3)^2) unless turned off.
    const s = json.state as { median: number[]; factor: number[] };
    const z = scaler(g, x, s.median, s.factor, stepName);
    if ((json.config as { smoothClip?: boolean } | null)?.smoothClip === false) return z;
    const [third] = g.node('Mul', [z.name, g.floats(`${stepName}/one_third`, [], [1 / 3])], {}, { outputs: [`${stepName}/z3`] });
    const [square] = g.node('Mul', [third, third], {}, { outputs: [`${stepName}/z3sq`] });
    const [plus] = g.node('Add', [square, g.floats(`${stepName}/one`, [], [1])], {}, { outputs: [`${stepName}/z3sq1`] });
    const [root] = g.node('Sqrt', [plus], {}, { outputs: [`${stepName}/root`] });
    const [clipped] = g.node('Div', [z.name, root], {}, { outputs: [`${stepName}/clipped`] });
    return { name: clipped, width: x.width };
  },
  StandardScaler(g, json, x, stepName) {
    const s = json.state as StandardScalerState;
    return scaler(g, x, s.mean, s.scale.map((v) => 1 / v), stepName);
  },
  MinMaxScaler(g, json, x, stepName) {
    // wasmlp: (x - min) / scale + low  ==  (x - (min - low * scale)) * (1 / scale)
    const s = json.state as MinMaxScalerState;
    const low = ((json.config ?? {}) as MinMaxScalerConfig).featureRange?.[0] ?? 0;
    return scaler(g, x, s.min.map((m, c) => m - low * s.scale[c]), s.scale.map((v) => 1 / v), stepName);
  },
  OneHotEncoder(g, json, x, stepName) {
    const s = json.state as OneHotEncoderState;
    const ignore = ((json.config ?? {}) as OneHotEncoderConfig).handleUnknown === 'ignore';
    const parts: string[] = [];
    s.categories.forEach((cats, c) => {
      if (!cats.every(Number.isInteger)) throw unsupportedStep(stepName, 'OneHotEncoder', `has non-integer categories in column ${c} (${cats.slice(0, 5).join(', ')}); ONNX's OneHotEncoder matches integers or strings`);
      const starts = g.int64s(`${stepName}/col${c}/start`, [1], [c]);
      const ends = g.int64s(`${stepName}/col${c}/end`, [1], [c + 1]);
      const axes = g.int64s(`${stepName}/col${c}/axis`, [1], [1]);
      const [column] = g.node('Slice', [x.name, starts, ends, axes], {}, { outputs: [`${stepName}/col${c}`] });
      // [N, 1] -> [N, 1, categories] -> [N, categories]
      const [hot] = g.node('OneHotEncoder', [column], { cats_int64s: attr.ints(cats), zeros: attr.int(ignore ? 1 : 0) }, { domain: ML_DOMAIN, outputs: [`${stepName}/col${c}/onehot3d`] });
      parts.push(g.node('Flatten', [hot], { axis: attr.int(1) }, { outputs: [`${stepName}/col${c}/onehot`] })[0]);
    });
    const width = s.categories.reduce((n, cats) => n + cats.length, 0);
    const [out] = parts.length === 1 ? parts : g.node('Concat', parts, { axis: attr.int(1) }, { outputs: [`${stepName}/onehot`] });
    return { name: out, width };
  },
};

export const EXPORTABLE_TRANSFORMERS = Object.keys(STEPS);

/** Appends one fitted transformer; returns its output. */
export function addTransformer(g: GraphBuilder, step: Transformer, x: Flow, stepName: string): Flow {
  const json = step.toJSON();
  const make = STEPS[json.className];
  if (!make) throw unsupportedStep(stepName, json.className, `has no ONNX export; exportable steps are ${EXPORTABLE_TRANSFORMERS.join(', ')}`);
  if (json.state === null) throw new WasmlpError('NOT_FITTED', `exportOnnx: pipeline step '${stepName}' is not fitted. Fit the pipeline before exporting it.`, { option: `steps.${stepName}` });
  return make(g, json, x, stepName);
}
