/**
 * `wasmlp/onnx`: export fitted models and pipelines to ONNX. A subpath of its own so that bundles
 * which never export do not carry protobufjs.
 * @module
 */
export { exportOnnx, ONNX_NAMES, type OnnxExportable, type OnnxExportOptions } from './export.js';
export { ONNX_OPSET, ONNX_ML_OPSET, ONNX_IR_VERSION } from './graph.js';
