import { AttributeType, DataType, onnxModelType, type DataTypeCode } from './schema.js';

/** The default ONNX operator set and the classic-ML one (Scaler, Imputer, OneHotEncoder, LabelEncoder). */
export const ONNX_OPSET = 20;
/** The ai.onnx.ml operator-set version exported models import (Scaler, OneHotEncoder, LabelEncoder). */
export const ONNX_ML_OPSET = 3;
/** IR version 9 goes with opset 20 (onnx/docs/Versioning.md). */
export const ONNX_IR_VERSION = 9;
export const ML_DOMAIN = 'ai.onnx.ml';

/** An attribute value already tagged with its ONNX type. */
export interface Attribute { type: number; value: number | string | readonly number[] | readonly string[] }

/** Typed attribute constructors: `attr.float(0.3)`, `attr.ints([1])`, `attr.strings(['a'])`. */
export const attr = {
  float: (value: number): Attribute => ({ type: AttributeType.FLOAT, value }),
  int: (value: number): Attribute => ({ type: AttributeType.INT, value }),
  string: (value: string): Attribute => ({ type: AttributeType.STRING, value }),
  floats: (value: readonly number[]): Attribute => ({ type: AttributeType.FLOATS, value }),
  ints: (value: readonly number[]): Attribute => ({ type: AttributeType.INTS, value }),
  strings: (value: readonly string[]): Attribute => ({ type: AttributeType.STRINGS, value }),
};

/** A graph input or output: name, element type and shape (a string is a symbolic dimension such as 'N'). */
export interface ValueSpec { name: string; type: DataTypeCode; shape: (number | string)[]; doc?: string }

const utf8 = new TextEncoder();

/**
 * Builds one ONNX graph: nodes in topological order (the order they are added), constant tensors
 * (initializers) and typed inputs/outputs, with unique value names. `encode` returns the model file.
 */
export class GraphBuilder {
  private readonly nodes: object[] = [];
  private readonly initializers: object[] = [];
  private readonly inputs: ValueSpec[] = [];
  private readonly outputs: ValueSpec[] = [];
  private readonly names = new Set<string>();
  private usesMl = false;
  private prefix = '';

  /** A prefix for the names that follow (e.g. one ensemble member's layers); '' ends it. */
  scope(prefix: string): void {
    this.prefix = prefix;
  }

  /** A value name not used yet, derived from `base`. */
  fresh(base: string): string {
    const clean = (this.prefix + base).replace(/[^\w.\-/:]/g, '_') || 'v';
    let name = clean;
    for (let k = 1; this.names.has(name); k++) name = `${clean}_${k}`;
    this.names.add(name);
    return name;
  }

  input(spec: ValueSpec): string {
    this.names.add(spec.name);
    this.inputs.push(spec);
    return spec.name;
  }

  output(spec: ValueSpec): void {
    this.outputs.push(spec);
  }

  /** A float32 constant, stored as little-endian raw bytes (exact). */
  floats(base: string, dims: number[], values: ArrayLike<number>): string {
    const name = this.fresh(base);
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    this.initializers.push({ name, dims, data_type: DataType.FLOAT, raw_data: bytes });
    return name;
  }

  int64s(base: string, dims: number[], values: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims, data_type: DataType.INT64, int64_data: values });
    return name;
  }

  /**
   * Adds a node; returns its output names (fresh names from `outputs`, default one output named
   * after the op). An output given as `{ name }` keeps that exact name (graph outputs).
   */
  node(op: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, options: { domain?: string; outputs?: (string | { name: string })[]; name?: string } = {}): string[] {
    const outs = (options.outputs ?? [op.toLowerCase()]).map((o) => (typeof o === 'string' ? this.fresh(o) : (this.names.add(o.name), o.name)));
    if (options.domain === ML_DOMAIN) this.usesMl = true;
    this.nodes.push({
      input: [...inputs],
      output: outs,
      name: this.fresh(options.name ?? `${op}_${this.nodes.length}`),
      op_type: op,
      domain: options.domain ?? '',
      attribute: Object.entries(attributes).map(([name, a]) => attributeProto(name, a)),
    });
    return outs;
  }

  /** The model file: a ModelProto with this graph, ready for onnxruntime or any ONNX reader. */
  encode(meta: { graphName: string; producerVersion: string; doc: string; metadata: Record<string, string> }): Uint8Array {
    const type = onnxModelType();
    const valueInfo = (v: ValueSpec) => ({
      name: v.name,
      doc_string: v.doc ?? '',
      type: { tensor_type: { elem_type: v.type, shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
    });
    const opsets = [{ domain: '', version: ONNX_OPSET }];
    if (this.usesMl) opsets.push({ domain: ML_DOMAIN, version: ONNX_ML_OPSET });
    const model = type.fromObject({
      ir_version: ONNX_IR_VERSION,
      opset_import: opsets,
      producer_name: 'wasmlp',
      producer_version: meta.producerVersion,
      model_version: 1,
      doc_string: meta.doc,
      graph: {
        name: meta.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
      metadata_props: Object.entries(meta.metadata).map(([key, value]) => ({ key, value })),
    });
    return type.encode(model).finish();
  }
}

function attributeProto(name: string, a: Attribute): object {
  const base = { name, type: a.type };
  switch (a.type) {
    case AttributeType.FLOAT: return { ...base, f: a.value };
    case AttributeType.INT: return { ...base, i: a.value };
    case AttributeType.STRING: return { ...base, s: utf8.encode(a.value as string) };
    case AttributeType.FLOATS: return { ...base, floats: a.value };
    case AttributeType.INTS: return { ...base, ints: a.value };
    case AttributeType.STRINGS: return { ...base, strings: (a.value as readonly string[]).map((s) => utf8.encode(s)) };
    default: throw new Error(`attribute type ${a.type}`);
  }
}
