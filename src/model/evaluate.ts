import type { Runtime } from '../runtime/wasm.js';
import type { Compiled } from './compile.js';
import { lossOnDevice, type DeviceData } from './device-data.js';
import type { Network } from './network.js';

/** Rows per call into the core at inference. */
export const INFERENCE_ROWS = 256;

/** Loss and metrics for data already in WebAssembly memory; shared by evaluate and fit's validation. */
export function evaluateOnDevice(net: Network, compiled: Compiled, data: DeviceData): Record<string, number> {
  const rt: Runtime = net.runtime;
  net.ensureBatchCapacity(Math.min(data.rows, INFERENCE_ROWS));
  const outPtr = rt.mem.alloc(data.rows * net.outDim * 4, 'outputs');
  try {
    const total = lossOnDevice(net, data, outPtr);
    const outputs = rt.mem.f32(outPtr, data.rows * net.outDim);
    const logs: Record<string, number> = { loss: total / data.rows };
    for (const m of compiled.metrics) logs[m.name] = m.compute(data.labels, outputs, data.rows, net.outDim);
    return logs;
  } finally {
    rt.mem.free(outPtr);
  }
}
