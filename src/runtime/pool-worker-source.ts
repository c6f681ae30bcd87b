/**
 * The pool worker's script, as source text: a worker built from text needs no file beside the
 * bundle (Node runs it with `eval: true`, Deno, Bun and browsers from a blob: URL, which keeps
 * the page's cross-origin isolation). It instantiates the threads build on the shared memory it
 * is sent and enters the core's pool_worker_loop until the pool ends. If the core traps, it marks
 * itself failed in the control block and bumps the done word, so the calling thread, which may
 * be waiting on that word, recomputes the worker's part instead of waiting forever.
 */
function poolWorkerMain(web: boolean): void {
  interface Start {
    bytes?: Uint8Array; module?: WebAssembly.Module; memory: WebAssembly.Memory;
    pool: number; id: number; failedWord: number; doneWord: number;
  }
  const g = globalThis as unknown as {
    postMessage(m: unknown): void;
    addEventListener(type: string, fn: (e: { data: Start }) => void): void;
  };
  let post: (m: unknown) => void;
  let listen: (fn: (m: Start) => void) => void;
  if (web) {
    post = (m) => g.postMessage(m);
    listen = (fn) => g.addEventListener('message', (e) => fn(e.data));
  } else {
    const { parentPort } = (globalThis as unknown as { process: { getBuiltinModule(id: string): { parentPort: { postMessage(m: unknown): void; on(t: string, fn: (m: Start) => void): void } } } }).process.getBuiltinModule('node:worker_threads');
    post = (m) => parentPort.postMessage(m);
    listen = (fn) => parentPort.on('message', fn);
  }
  listen((m) => {
    let core: { pool_worker_loop(pool: number, id: number): void };
    try {
      const module = m.module ?? new WebAssembly.Module(m.bytes as Uint8Array<ArrayBuffer>);
      const imports = { env: { memory: m.memory, abort(): never { throw new Error('the core stopped on an internal check'); } } };
      core = new WebAssembly.Instance(module, imports).exports as unknown as typeof core;
    } catch (e) {
      post({ type: 'failed', message: String((e as Error)?.message ?? e) });
      return;
    }
    post({ type: 'ready' });
    try {
      core.pool_worker_loop(m.pool, m.id);
      post({ type: 'exited' });
    } catch (e) {
      const words = new Int32Array(m.memory.buffer as unknown as SharedArrayBuffer);
      const base = m.pool >> 2;
      Atomics.store(words, base + m.failedWord + m.id, 1);
      Atomics.add(words, base + m.doneWord, 0x10000);
      Atomics.notify(words, base + m.doneWord);
      post({ type: 'failed', message: String((e as Error)?.message ?? e) });
    }
  });
}

/** The worker script for a Web Worker (web = true) or a Node worker_threads eval worker. */
export function poolWorkerSource(web: boolean): string {
  return `(${poolWorkerMain.toString()})(${web});\n`;
}
