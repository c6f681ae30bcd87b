// Copies the compiled core next to the compiled JavaScript: dist/wasmlp.wasm is what
// `new URL('../wasmlp.wasm', import.meta.url)` in dist/runtime/wasm.js resolves to, and what the
// package exports as 'wasmlp/wasmlp.wasm'. Plain Node so `npm run build` works on every OS.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../build/wasmlp.wasm', import.meta.url));
const toDir = fileURLToPath(new URL('../dist/', import.meta.url));
if (!existsSync(from)) {
  console.error(`copy-wasm: ${from} is missing; run 'npm run build:wasm' first.`);
  process.exit(1);
}
mkdirSync(toDir, { recursive: true });
copyFileSync(from, `${toDir}wasmlp.wasm`);
console.log(`copy-wasm: dist/wasmlp.wasm (${statSync(from).size} bytes)`);
