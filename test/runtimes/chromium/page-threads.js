// Browser page served cross-origin isolated (COOP/COEP): the threads build loads, its pool runs
// in Web Workers from a blob: URL, and 2, 1 and 'auto' threads must give Node's bits.
import * as wasmlp from 'wasmlp';
import { trainThreads } from './train-threads.js';

try {
  window.__result = { runtime: navigator.userAgent, isolated: self.crossOriginIsolated, ...(await trainThreads(wasmlp)) };
} catch (e) {
  window.__error = String(e && e.stack ? e.stack : e);
}
