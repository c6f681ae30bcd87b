// The weights manifest: entry shapes, dtypes (float16 and uint8/uint16 quantization), byte offsets, and which entry is which kernel or bias.
import { WasmlpError, describe } from '../../errors.js';
import { warn } from '../../warnings.js';
import { describeLayer } from './activations.js';
import { type Fields, MAX_MANIFEST_ENTRIES, MAX_WEIGHTS, bad, fields, own, unsupported, weightsError } from './fields.js';
import type { DenseSpec, LayerSpec, ManifestEntry } from './plan-types.js';

export const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
export const QUANT_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

export function planManifest(doc: Fields): { entries: ManifestEntry[]; groups: { paths: string[]; bytes: number }[]; totalBytes: number } {
  const specs = doc.get('weightspecs');
  const manifest = doc.get('weightsmanifest');
  let groupsIn: { paths: string[]; weights: unknown[] }[];
  if (manifest !== undefined && manifest !== null) {
    if (!Array.isArray(manifest) || manifest.length > MAX_MANIFEST_ENTRIES) throw bad(`'weightsManifest' must be an array of { paths, weights } groups, received ${describe(manifest)}.`, { option: 'weightsManifest' });
    groupsIn = manifest.map((g, gi) => {
      const f = fields(g);
      const paths = f?.get('paths'), weights = f?.get('weights');
      if (!f || !Array.isArray(paths) || !Array.isArray(weights) || paths.some((p) => typeof p !== 'string')) {
        throw bad(`weightsManifest[${gi}] must be { paths: string[], weights: [...] }.`, { option: `weightsManifest[${gi}]` });
      }
      return { paths: paths as string[], weights };
    });
  } else if (Array.isArray(specs)) {
    groupsIn = [{ paths: [], weights: specs }];
  } else {
    throw bad("there is neither a 'weightsManifest' (model.json) nor 'weightSpecs' (tf.io.ModelArtifacts): the weights cannot be located.", { option: 'weightsManifest' });
  }
  const entries: ManifestEntry[] = [];
  const groups: { paths: string[]; bytes: number }[] = [];
  let offset = 0, elements = 0;
  groupsIn.forEach((g, gi) => {
    let groupBytes = 0;
    g.weights.forEach((w, wi) => {
      const at = `weightsManifest[${gi}].weights[${wi}]`;
      if (entries.length >= MAX_MANIFEST_ENTRIES) throw bad(`the manifest lists more than ${MAX_MANIFEST_ENTRIES} weights.`, { option: at });
      const f = fields(w);
      const name = f?.get('name'), shape = f?.get('shape'), dtype = f?.get('dtype') ?? 'float32';
      if (!f || typeof name !== 'string' || name.length === 0 || name.length > 1024) throw bad(`${at} has no usable name (a string of 1 to 1024 characters).`, { option: at });
      if (!Array.isArray(shape) || shape.length > 8) throw bad(`${at} ("${name}") has shape ${describe(shape)}; expected an array of sizes.`, { option: at });
      let count = 1;
      for (const s of shape) {
        if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) throw bad(`${at} ("${name}") has shape ${JSON.stringify(shape)}; sizes must be integers >= 0.`, { option: at });
        count *= s;
        if (count > MAX_WEIGHTS) break;
      }
      elements += count;
      if (count > MAX_WEIGHTS || elements > MAX_WEIGHTS) {
        throw weightsError(`The manifest claims more than ${MAX_WEIGHTS} weight values (at "${name}", shape ${JSON.stringify(shape)}), beyond what wasmlp supports; refused before allocating.`, at);
      }
      let quantization: ManifestEntry['quantization'] = null;
      let bytesPer: number | undefined;
      const q = f.get('quantization');
      if (q !== undefined && q !== null) {
        const qf = fields(q);
        const qd = qf?.get('dtype');
        const scale = qf?.get('scale') ?? 1, min = qf?.get('min') ?? 0;
        if (!qf || typeof qd !== 'string' || own(QUANT_BYTES, qd) === undefined || typeof scale !== 'number' || typeof min !== 'number' || !Number.isFinite(scale) || !Number.isFinite(min)) {
          throw unsupported(`${at} ("${name}") is quantized as ${JSON.stringify(q).slice(0, 80)}; wasmlp reads uint8/uint16 (with scale and min) and float16 quantization.`, { option: at });
        }
        quantization = { dtype: qd as 'uint8' | 'uint16' | 'float16', scale, min };
        bytesPer = own(QUANT_BYTES, qd);
      } else {
        if (typeof dtype !== 'string') throw bad(`${at} ("${name}") has dtype ${describe(dtype)}.`, { option: at });
        bytesPer = own(DTYPE_BYTES, dtype);
        if (bytesPer === undefined) throw unsupported(`${at} ("${name}") has dtype ${describe(dtype)}; the weight data cannot be laid out (wasmlp reads float32 weights).`, { option: at });
      }
      const bytes = count * bytesPer!;
      entries.push({ name, shape: shape as number[], count, offset, bytes, dtype: dtype as string, quantization, group: gi });
      offset += bytes;
      groupBytes += bytes;
    });
    groups.push({ paths: g.paths, bytes: groupBytes });
  });
  return { entries, groups, totalBytes: offset };
}

type WeightKind = 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

const layerNameOf = (l: LayerSpec): string | undefined => (l.kind === 'dense' ? l.options.name : l.name);

export function findWeight(entries: ManifestEntry[], d: LayerSpec, kind: WeightKind, used: Set<ManifestEntry> | null): ManifestEntry | undefined {
  const layer = layerNameOf(d);
  if (layer === undefined) return undefined;
  const exact = `${layer}/${kind}`;
  const found = entries.filter((e) => e.name === exact);
  if (found.length > 1) throw weightsError(`The manifest lists the weight "${exact}" ${found.length} times.`, 'weightsManifest');
  if (found.length === 1) return found[0];
  // tensorflowjs_converter may prefix the model's scope: "sequential/dense/kernel".
  const suffixed = entries.filter((e) => e.name.endsWith(`/${exact}`) && !used?.has(e));
  return suffixed.length === 1 ? suffixed[0] : undefined;
}

/** The manifest entry of every weight the layers need, in Keras' get_weights order (wasmlp's setWeights order). */
export function assignWeights(entries: ManifestEntry[], layers: LayerSpec[]): ManifestEntry[] {
  const needed: { d: LayerSpec; kind: WeightKind; shape: number[] }[] = [];
  for (const d of layers) {
    if (d.kind === 'dense') {
      needed.push({ d, kind: 'kernel', shape: [d.inputs, d.units] });
      if (d.options.useBias) needed.push({ d, kind: 'bias', shape: [d.units] });
    } else if (d.kind === 'batchNorm') {
      if (d.scale) needed.push({ d, kind: 'gamma', shape: [d.width] });
      if (d.center) needed.push({ d, kind: 'beta', shape: [d.width] });
      needed.push({ d, kind: 'moving_mean', shape: [d.width] }, { d, kind: 'moving_variance', shape: [d.width] });
    }
  }
  const used = new Set<ManifestEntry>();
  let byName: (ManifestEntry | undefined)[] = needed.map((n) => {
    const e = findWeight(entries, n.d, n.kind, used);
    if (e) used.add(e);
    return e;
  });
  if (byName.some((e) => e === undefined)) {
    // No names to go by (or other names): fall back to order, as Keras' load_weights does.
    if (byName.every((e) => e === undefined) && entries.length === needed.length) {
      byName = entries.slice();
      used.clear();
      for (const e of entries) used.add(e);
    } else {
      const missing = needed.filter((_, k) => byName[k] === undefined).map((n) => `"${layerNameOf(n.d) ?? `layer ${n.d.index}`}/${n.kind}" [${n.shape.join(', ')}]`);
      throw weightsError(`The manifest has no weight for ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ` and ${missing.length - 4} more` : ''}. It lists: ${entries.slice(0, 8).map((e) => `"${e.name}"`).join(', ') || 'nothing'}.`, 'weightsManifest');
    }
  }
  const out = byName as ManifestEntry[];
  needed.forEach((n, k) => {
    const e = out[k];
    const d = n.d;
    const layerWhere = d.kind === 'dense' ? `${describeLayer(d.index, 'Dense', d.options.name)} with ${d.units} units on ${d.inputs} inputs` : `${describeLayer(d.index, 'BatchNormalization', layerNameOf(d))} on ${n.shape[0]} features`;
    if (e.shape.length !== n.shape.length || e.shape.some((s, j) => s !== n.shape[j])) {
      throw new WasmlpError('TFJS_WEIGHTS',
        `The manifest gives "${e.name}" shape [${e.shape.join(', ')}], but ${layerWhere} needs a ${n.kind} of shape [${n.shape.join(', ')}]. The model.json topology and weights do not belong together.`,
        { layer: n.d.index, option: 'weightsManifest' });
    }
    if (!e.quantization && e.dtype !== 'float32') {
      throw unsupported(`"${e.name}" has dtype ${e.dtype}; wasmlp reads float32 weights (or uint8/uint16/float16 quantized ones).`, { layer: n.d.index, option: 'weightsManifest' });
    }
  });
  const unused = entries.filter((e) => !used.has(e));
  if (unused.length > 0) {
    warn('TFJS_UNUSED_WEIGHTS', `The manifest lists ${unused.length} weight(s) no wasmlp layer uses (${unused.slice(0, 4).map((e) => `"${e.name}"`).join(', ')}), e.g. optimizer state; they are skipped.`);
  }
  return out;
}
