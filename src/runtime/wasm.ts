import { unknownOption } from '../options.js';
import { WasmlpError } from '../errors.js';
import type { CoreExports } from './core.js';
import { ABI_HASH } from '../core-abi.js';
import { LinearMemory } from './memory.js';
import { ThreadPool, checkThreadsOption, hostEnv, resolveThreads, type ThreadsInfo, type ThreadsOption } from './threads.js';
import { warn } from '../warnings.js';

/** One instantiated core and its allocator. Each JavaScript realm (page, worker) has its own. */
export interface Runtime {
  readonly core: CoreExports;
  readonly mem: LinearMemory;
  /** Worker threads sharing the memory (the threads build), or null (single-thread build). */
  readonly pool?: ThreadPool | null;
  /** Why this runtime runs one thread (single-thread build only). */
  readonly singleReason?: string;
}

/** What `init` takes besides a bare source. */
export interface InitOptions {
  module?: WebAssembly.Module;
  bytes?: BufferSource;
  url?: URL | string;
  /**
   * Threads one model's large products and optimizer updates are split over: 'auto' (default)
   * for one per core, or a count; results are bit-identical for any count. Needs shared memory
   * (Node, Deno, Bun; browsers only when cross-origin isolated); elsewhere one thread runs, and
   * `threads()` says why. Given again after loading, it resizes the pool.
   */
  threads?: ThreadsOption;
}

/** What `init` accepts: a compiled module (Cloudflare Workers, Vercel Edge), bytes, a URL or a fetch Response. */
export type WasmSource = WebAssembly.Module | BufferSource | URL | string | Response | Promise<Response>;

let current: Runtime | null = null;
let pending: Promise<Runtime> | null = null;

/** The .wasm beside the compiled module (dist/wasmlp.wasm); bundlers follow this URL. */
function defaultUrl(): URL {
  return new URL('../wasmlp.wasm', import.meta.url);
}

/** The threads build beside it (shared, imported memory; atomics). */
function defaultThreadsUrl(): URL {
  return new URL('../wasmlp-threads.wasm', import.meta.url);
}

/** What the next load uses and later resizes: set by init({ threads }). */
let requestedThreads: ThreadsOption = 'auto';

const imports = {
  env: {
    abort(): never {
      throw new WasmlpError('INTERNAL', 'The wasmlp core stopped on an internal check. Please report this with the model configuration.');
    },
  },
};

/**
 * Refuses a module that is not this version's core: descriptor offsets or codes that differ
 * would make it train on misread buffers without any error.
 */
export function checkCore(core: Partial<CoreExports>, hasMemory: boolean): void {
  if (typeof core.net_train_batches !== 'function' || !hasMemory) {
    throw new WasmlpError('WASM_LOAD_FAILED', 'The WebAssembly module given to wasmlp is not the wasmlp core (its exports do not match). Pass the wasmlp.wasm file shipped in the package.');
  }
  const hash = typeof core.abi_hash === 'function' ? core.abi_hash() >>> 0 : undefined;
  if (hash !== ABI_HASH) {
    throw new WasmlpError('WASM_LOAD_FAILED', `The WebAssembly module given to wasmlp was built for another version of wasmlp (its interface fingerprint is ${hash === undefined ? 'missing' : `0x${hash.toString(16)}`}, this version's is 0x${ABI_HASH.toString(16)}). Pass the wasmlp.wasm file shipped with this version of the package.`);
  }
}

function fromInstance(instance: WebAssembly.Instance, singleReason = 'a module was passed to init(); threads need the threads build, loaded by init() itself'): Runtime {
  const core = instance.exports as unknown as CoreExports;
  checkCore(core, core.memory instanceof WebAssembly.Memory);
  return { core, mem: new LinearMemory(core.memory, core.heap_base()), pool: null, singleReason };
}

/** 4 GiB: the most wasm32 can address; a shared memory must declare its maximum up front. */
const SHARED_MAX_PAGES = 65536;

/**
 * Instantiates the threads build on a new shared memory and attaches a pool, sized by
 * `requestedThreads`; workers join as they start (products run inline until then).
 */
function threadedRuntime(module: WebAssembly.Module, bytes: Uint8Array): Runtime {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: SHARED_MAX_PAGES, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { ...imports.env, memory } });
  const core = instance.exports as unknown as CoreExports;
  checkCore(core, true);
  const mem = new LinearMemory(memory, core.heap_base());
  const pool = new ThreadPool(mem, core, bytes, hostEnv());
  return { core, mem, pool };
}

/**
 * Whether the default load takes the threads build, or why not. It does wherever threads can run,
 * even for threads: 1, so that a later init({ threads: n }) can start workers; the single-thread
 * build serves hosts without shared memory or workers, and 'auto' inside a Node worker thread.
 */
function threadsPlan(): { threaded: boolean; reason: string } {
  const env = hostEnv();
  if (env.blocker && requestedThreads !== 'auto' && requestedThreads > 1) {
    warn('THREADS_UNAVAILABLE', `init({ threads: ${requestedThreads} }): ${env.blocker}; running on one thread.`);
  }
  if (env.blocker) return { threaded: false, reason: env.blocker };
  if (resolveThreads(requestedThreads, env) === 1 && requestedThreads === 'auto') {
    return { threaded: false, reason: "'auto' inside a worker thread (crossValidate's workers already use the cores)" };
  }
  return { threaded: true, reason: '' };
}

/*
 * Type tests that also hold across realms: a WebAssembly.Module or ArrayBuffer made in another
 * realm (a Node vm context such as Vercel's edge-runtime, an iframe) fails `instanceof`.
 */
// Plain booleans, not type guards: WebAssembly.Module is an empty interface, so a guard would
// narrow every other object type away.
function isModule(x: unknown): boolean {
  return x instanceof WebAssembly.Module || Object.prototype.toString.call(x) === '[object WebAssembly.Module]';
}

function isBytes(x: unknown): boolean {
  return x instanceof ArrayBuffer || ArrayBuffer.isView(x) || Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

function isResponse(x: unknown): boolean {
  return typeof x === 'object' && x !== null && typeof (x as Response).arrayBuffer === 'function' && typeof (x as Response).status === 'number';
}

async function instantiate(source: WasmSource): Promise<Runtime> {
  try {
    if (isModule(source)) return fromInstance(await WebAssembly.instantiate(source as WebAssembly.Module, imports));
    if (isBytes(source)) {
      // Server runtimes compile a module this small faster synchronously (no task hops);
      // browsers may refuse that on the main thread (RangeError), so they take the async path.
      if (syncLoadable()) {
        try {
          return fromInstance(new WebAssembly.Instance(new WebAssembly.Module(source as BufferSource), imports));
        } catch (e) {
          if (!(e instanceof RangeError)) throw e;
        }
      }
      const { instance } = await WebAssembly.instantiate(source as BufferSource, imports);
      return fromInstance(instance);
    }
    let response: Response;
    if (typeof source === 'string' || source instanceof URL) {
      const url = source instanceof URL ? source : new URL(source, typeof location !== 'undefined' ? location.href : import.meta.url);
      if (url.protocol === 'file:') return fromInstance((await WebAssembly.instantiate((await readFileBytes(url)) as BufferSource, imports)).instance);
      response = await fetch(url);
    } else {
      response = await (source as Response | Promise<Response>);
    }
    if (!response.ok) throw new WasmlpError('WASM_LOAD_FAILED', `Fetching the wasmlp core from ${response.url || 'the given Response'} failed with HTTP ${response.status}. Serve wasmlp.wasm next to the bundle or pass init({ module }) / init({ bytes }).`);
    // Streaming compilation overlaps download and compile; it needs the application/wasm type.
    if (typeof WebAssembly.instantiateStreaming === 'function' && response.headers?.get('content-type')?.startsWith('application/wasm')) {
      return fromInstance((await WebAssembly.instantiateStreaming(response, imports)).instance);
    }
    return fromInstance((await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance);
  } catch (e) {
    if (e instanceof WasmlpError) throw e;
    throw new WasmlpError('WASM_LOAD_FAILED', `Could not load the wasmlp WebAssembly core: ${(e as Error).message}. In runtimes that forbid compiling WebAssembly at run time (Cloudflare Workers, Vercel Edge), import the .wasm as a module and pass it: init({ module }). See docs/runtimes.md.`);
  }
}

/**
 * Loads the core. Without arguments it finds wasmlp.wasm next to the package (file system in
 * Node, Deno and Bun; fetch in browsers). Pass `{ module }`, `{ bytes }` or `{ url }` where the
 * runtime needs it, and `{ threads }` to choose how many threads one model uses (default 'auto').
 * Safe to call many times; the first successful load wins, a later `threads` resizes the pool.
 */
export async function init(options?: WasmSource | InitOptions): Promise<void> {
  const threads = threadsOf(options);
  const source = resolveSource(options);
  if (current) {
    if (threads !== undefined) await applyThreads(current, threads);
    return;
  }
  if (threads !== undefined) requestedThreads = threads;
  if (source === undefined && syncLoadable()) {
    current = loadSync();
    await current.pool?.resize(requestedThreads);
    return;
  }
  if (source !== undefined && threads !== undefined && resolveThreads(threads, hostEnv()) > 1) {
    warn('THREADS_UNAVAILABLE', `init({ threads: ${JSON.stringify(threads)} }) with a module, bytes or url of your own: that is the single-thread build's place; threads need the threads build, which init() loads itself when given no source. Running on one thread.`);
  }
  pending ??= (source === undefined ? instantiateDefault() : instantiate(source)).then(
    (rt) => (current = rt),
    (e) => { pending = null; throw e; },
  );
  const rt = await pending;
  await rt.pool?.resize(requestedThreads);
}

function threadsOf(options: unknown): ThreadsOption | undefined {
  if (typeof options !== 'object' || options === null || !('threads' in options)) return undefined;
  const t = (options as InitOptions).threads;
  return t === undefined ? undefined : checkThreadsOption(t);
}

async function applyThreads(rt: Runtime, threads: ThreadsOption): Promise<void> {
  requestedThreads = threads;
  if (rt.pool) {
    await rt.pool.resize(threads);
    return;
  }
  if (threads !== 1 && resolveThreads(threads, hostEnv()) > 1) {
    warn('THREADS_UNAVAILABLE', `init({ threads: ${JSON.stringify(threads)} }) after the core was loaded single-threaded (${rt.singleReason}); running on one thread. Call init({ threads }) before anything else uses wasmlp.`);
  }
}

/** The default load without a synchronous file system (browsers): the threads build when it can run. */
async function instantiateDefault(): Promise<Runtime> {
  const plan = threadsPlan();
  if (plan.threaded) {
    try {
      const response = await fetch(defaultThreadsUrl());
      if (response.ok) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        return threadedRuntime(await WebAssembly.compile(bytes), bytes);
      }
    } catch {
      // Fall through to the single-thread build, which reports its own load errors.
    }
    plan.reason = `${defaultThreadsUrl().href} could not be loaded`;
  }
  const rt = await instantiate(defaultUrl());
  return { ...rt, singleReason: plan.reason };
}

function resolveSource(options: Parameters<typeof init>[0]): WasmSource | undefined {
  if (options === undefined) return undefined;
  const isOptionsObject = typeof options === 'object' && options !== null && !isModule(options) && !(options instanceof URL) &&
    !isBytes(options) && !isResponse(options) && typeof (options as Promise<unknown>).then !== 'function';
  if (!isOptionsObject) return options as WasmSource;
  const o = options as InitOptions;
  const known = ['module', 'bytes', 'url', 'threads'];
  for (const key of Object.keys(o)) if (!known.includes(key)) throw unknownOption('init', key, known);
  const source = o.module ?? o.bytes ?? o.url;
  if (source === undefined && o.threads === undefined) {
    throw new WasmlpError('BAD_OPTION', `init() takes { module }, { bytes } or { url }, and { threads }; received keys: ${Object.keys(o).join(', ') || 'none'}.`, { option: 'init' });
  }
  return source;
}

/** True where the file system can be read synchronously (Node, Deno, Bun). */
function syncLoadable(): boolean {
  const g = globalThis as { process?: { getBuiltinModule?: unknown; versions?: { node?: string } }; Deno?: unknown };
  return typeof g.process?.getBuiltinModule === 'function' || typeof (g.Deno as { readFileSync?: unknown } | undefined)?.readFileSync === 'function';
}

function readFileSync(url: URL): Uint8Array | null {
  const g = globalThis as { process?: { getBuiltinModule?: (name: string) => unknown }; Deno?: { readFileSync?: (u: URL) => Uint8Array } };
  const fs = g.process?.getBuiltinModule?.('node:fs') as { readFileSync(u: URL): Uint8Array; existsSync(u: URL): boolean } | undefined;
  if (fs) return fs.existsSync(url) ? fs.readFileSync(url) : null;
  try {
    return g.Deno?.readFileSync?.(url) ?? null;
  } catch {
    return null;
  }
}

async function readFileBytes(url: URL): Promise<Uint8Array> {
  const bytes = readFileSync(url);
  if (!bytes) throw new WasmlpError('WASM_LOAD_FAILED', `wasmlp.wasm was not found at ${url.href}. Reinstall the package or pass init({ url }) / init({ bytes }).`, { file: url.href });
  return bytes;
}

/** Compiles the core synchronously from the file next to the module (source checkouts: build/). */
function loadSync(): Runtime {
  const plan = threadsPlan();
  if (plan.threaded) {
    const url = [defaultThreadsUrl(), new URL(['..', '..', 'build', 'wasmlp-threads.wasm'].join('/'), import.meta.url)].find((u) => readFileSync(u) !== null);
    if (url) {
      const bytes = readFileSync(url)!;
      try {
        const rt = threadedRuntime(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), bytes);
        // Workers join in the background; products run on this thread until they do.
        void rt.pool!.resize(requestedThreads);
        return rt;
      } catch (e) {
        plan.reason = `the threads build failed to load (${(e as Error).message})`;
      }
    } else {
      plan.reason = 'wasmlp-threads.wasm was not found next to the package';
    }
  }
  return { ...loadSingleSync(), singleReason: plan.reason };
}

function loadSingleSync(): Runtime {
  // The second candidate is for running from src/ during development; it is built from parts so
  // bundlers do not try to resolve it.
  const candidates = [defaultUrl(), new URL(['..', '..', 'build', 'wasmlp.wasm'].join('/'), import.meta.url)];
  for (const url of candidates) {
    const bytes = readFileSync(url);
    if (bytes) {
      try {
        return fromInstance(new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), imports));
      } catch (e) {
        if (e instanceof WasmlpError) throw e;
        throw new WasmlpError('WASM_LOAD_FAILED', `Could not compile ${url.href}: ${(e as Error).message}. This engine may lack WebAssembly SIMD (Node 16.4+, Chrome 91+, Firefox 89+, Safari 16.4+ have it).`, { file: url.href });
      }
    }
  }
  throw new WasmlpError('WASM_LOAD_FAILED', `wasmlp.wasm was not found next to the package (${candidates[0].href}). Run 'npm run build' in a source checkout, or pass init({ url | bytes | module }).`);
}

/**
 * The loaded runtime. Where the file system is readable synchronously it loads on first use;
 * elsewhere (browsers, edge) `await init()` must have run, which `fit` and `loadModel` do for you.
 */
export function runtime(): Runtime {
  if (current) return current;
  if (syncLoadable()) {
    current = loadSync();
    return current;
  }
  throw new WasmlpError('NOT_INITIALIZED', "The wasmlp core is not loaded yet. Call 'await init()' (or 'await model.fit(...)', which loads it) before predict/evaluate in browsers and edge runtimes.");
}

export async function ensureRuntime(): Promise<Runtime> {
  if (!current) await init();
  return runtime();
}

/** Bytes of WebAssembly memory currently reserved, and the thread count (for soak tests and diagnostics). */
export function memoryStats(): { wasmBytes: number; bytesInUse: number; threads: number; threadsReason: string } {
  const rt = runtime();
  const t = threads();
  return { wasmBytes: rt.mem.byteLength, bytesInUse: rt.mem.bytesInUse, threads: t.threads, threadsReason: t.reason };
}

/** How many threads one model's products run on, and why (loads the core where it can). */
export function threads(): ThreadsInfo {
  const rt = runtime();
  if (rt.pool) return rt.pool.info();
  return { threads: 1, requested: requestedThreads, workers: 0, shared: false, reason: `one thread: ${rt.singleReason || 'single-thread build'}` };
}
