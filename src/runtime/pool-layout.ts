// Word offsets of the thread pool's control block; must match assembly/parallel.ts.
export const POOL = {
  GEN: 0, CLAIM: 16, DONE: 32, PARTS: 48, KIND: 49, THREADS: 50, MIN_WORK: 51, EXIT: 52, SPIN: 53,
  FAULT: 54, CAN_WAIT: 55, JOBS: 56, ARGS: 64, STATE: 96, FAILED: 160,
} as const;
export const POOL_WORDS = 224;
/** Threads the control block has room for (including the calling thread). */
export const MAX_THREADS = 64;
