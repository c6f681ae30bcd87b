/** Cases per fuzz target: a quick run in `npm test`, 100,000+ with `npm run fuzz` (FUZZ_RUNS). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** One fixed seed per run so a failure reproduces; override with FUZZ_SEED. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** No single case may take longer than this (a hang or a quadratic blow-up fails the run). */
export const CASE_LIMIT_MS = 2000;

export function report(target: string, runs: number): void {
  console.log(`fuzz ${target}: ${runs} cases passed (seed ${FUZZ_SEED})`);
}
