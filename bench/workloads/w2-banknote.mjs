// W2: Banknote 4-(8-8)-1 tanh, SGD 0.01, batch 32, 500 epochs, stratified 80/20: wall time of the
// fit and test accuracy.
import { banknoteSplit } from '../lib/data.mjs';
import { measure, scale } from '../lib/measure.mjs';
import * as wasmlp from '../systems/wasmlp.mjs';

export const WORKLOAD = 'W2 Banknote 500 epochs';
const EPOCHS = 500;

export async function run(ctx) {
  const split = await banknoteSplit();
  let acc = 0;
  const t = await measure('wasmlp W2', async () => { acc = await wasmlp.w2Run(split, EPOCHS); }, { iterations: ctx.quick ? 3 : 5, warmup: 1 });
  const { afterFirstEpoch, atEnd } = wasmlp.memory;
  ctx.add({ system: 'wasmlp', workload: WORKLOAD, metric: 'ms', ...t, accuracy: acc,
    note: `fit + evaluate; WebAssembly memory ${afterFirstEpoch} bytes after epoch 1, ${atEnd} after epoch ${EPOCHS}${atEnd === afterFirstEpoch ? ' (steady)' : ' (GREW)'}` });

  for (const peer of ctx.peers) {
    if (!peer.w2Run) continue;
    await peer.prepare?.();
    // Quick mode: a few epochs, scaled to 500 (accuracy then is not the protocol's).
    const epochs = ctx.quick ? ctx.quickEpochs : EPOCHS;
    let a = 0;
    const tp = await measure(`${peer.name} W2`, async () => { a = await peer.w2Run(split, epochs); }, { iterations: ctx.quick ? 2 : 1, warmup: 0 });
    const scaled = scale(tp, EPOCHS / epochs);
    ctx.add({ system: peer.name, workload: WORKLOAD, metric: 'ms', ...scaled, accuracy: ctx.quick ? null : a,
      note: `${peer.w2Note ?? ''}${ctx.quick ? `; ${epochs} epochs timed, x${EPOCHS / epochs}; accuracy not the protocol's (${(a * 100).toFixed(1)}% after ${epochs} epochs)` : ''}` });
  }
}
