// Copies the compiled core next to the compiled JavaScript: dist/wasmlp.wasm is what
// `new URL('../wasmlp.wasm', import.meta.url)` in dist/runtime/wasm.js resolves to, and what the
// package exports as 'wasmlp/wasmlp.wasm'. Plain Node so `npm run build` works on every OS.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// dist/wasmlp-threads.wasm is the threads build (shared memory, atomics) the loader picks where
// shared memory and workers exist.
const toDir = fileURLToPath(new URL('../dist/', import.meta.url));
mkdirSync(toDir, { recursive: true });
for (const name of ['wasmlp.wasm', 'wasmlp-threads.wasm']) {
  const from = fileURLToPath(new URL(`../build/${name}`, import.meta.url));
  if (!existsSync(from)) {
    console.error(`copy-wasm: ${from} is missing; run 'npm run build:wasm' first.`);
    process.exit(1);
  }
  copyFileSync(from, `${toDir}${name}`);
  console.log(`copy-wasm: dist/${name} (${statSync(from).size} bytes)`);
}
