// TensorFlow.js layers with the cpu or the wasm backend (XNNPACK, SIMD), same settings as wasmlp.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };

/** Selects the backend; returns what it runs with (SIMD, threads). */
export async function useBackend(backend) {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend ${backend} failed to initialise`);
  }
  await tf.ready();
  const info = { backend };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  return info;
}

const t2 = (m) => tf.tensor2d(m.data, [m.rows, m.cols]);
const t1 = (y) => tf.tensor2d(Float32Array.from(y), [y.length, 1]);

async function accuracy(model, x, y) {
  const p = tf.tidy(() => model.predict(t2(x)));
  const v = await p.data();
  p.dispose();
  let ok = 0;
  for (let i = 0; i < y.length; i++) ok += (v[i] >= 0.5 ? 1 : 0) === y[i] ? 1 : 0;
  return ok / y.length;
}

async function fitAndScore(model, data, epochs, batchSize) {
  const x = t2(data.xTrain), y = t1(data.yTrain);
  try {
    await model.fit(x, y, { epochs, batchSize, shuffle: true, verbose: 0 });
  } finally {
    x.dispose(); y.dispose();
  }
  const acc = await accuracy(model, data.xTest, data.yTest);
  model.dispose();
  return acc;
}

export async function w1Fold(fold, _seed, epochs = 100) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 60, activation: 'relu', inputShape: [60] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return fitAndScore(model, fold, epochs, 5);
}

export async function w2Run(split, epochs) {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [4] }),
    tf.layers.dense({ units: 8, activation: 'tanh' }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ] });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return fitAndScore(model, split, epochs, 32);
}

export function w3Model(layers) {
  const [inDim, ...units] = layers;
  const model = tf.sequential({ layers: units.map((u, i) => tf.layers.dense({ units: u, activation: i === units.length - 1 ? 'sigmoid' : 'relu', ...(i === 0 ? { inputShape: [inDim] } : {}) })) });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'binaryCrossentropy' });
  return {
    async train(x, y, batch) {
      const xt = t2(x), yt = t2(y);
      for (let s = 0; s < x.rows / batch; s++) {
        const xb = xt.slice([s * batch, 0], [batch, x.cols]), yb = yt.slice([s * batch, 0], [batch, y.cols]);
        await model.trainOnBatch(xb, yb);
        xb.dispose(); yb.dispose();
      }
      xt.dispose(); yt.dispose();
    },
    async infer(x) {
      const xt = t2(x);
      const p = model.predict(xt);
      await p.data();
      p.dispose(); xt.dispose();
    },
    dispose() {
      model.dispose();
    },
  };
}
