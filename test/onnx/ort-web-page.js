// Runs every exported model served by the test in onnxruntime-web (WebAssembly backend) and hands
// back the probabilities and labels; the test compares them with wasmlp's in Node.
import * as ort from '/ort/ort.wasm.bundle.min.mjs';

try {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = '/ort/';
  const names = await (await fetch('/models')).json();
  const results = {};
  for (const name of names) {
    const meta = await (await fetch(`/models/${name}/meta`)).json();
    const bytes = new Uint8Array(await (await fetch(`/models/${name}/onnx`)).arrayBuffer());
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    let feeds;
    if (meta.feeds) {
      // A table model: one [N, 1] input per column (null in the JSON = a missing number, NaN).
      feeds = Object.fromEntries(Object.entries(meta.feeds).map(([col, f]) => [col, f.type === 'string'
        ? new ort.Tensor('string', f.values, [f.values.length, 1])
        : new ort.Tensor('float32', Float32Array.from(f.values, (v) => (v === null ? NaN : v)), [f.values.length, 1])]));
    } else {
      const rows = new Float32Array(await (await fetch(`/models/${name}/rows`)).arrayBuffer());
      feeds = { input: new ort.Tensor('float32', rows, [rows.length / meta.width, meta.width]) };
    }
    const out = await session.run(feeds);
    results[name] = { dims: out.probabilities.dims, probabilities: Array.from(out.probabilities.data), labels: Array.from(out.label.data) };
    await session.release();
  }
  window.__result = { userAgent: navigator.userAgent, results };
} catch (e) {
  window.__error = String(e && e.stack ? e.stack : e);
}
