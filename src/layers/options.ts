// Moved to src/options.ts (shared by every public constructor); kept so older imports still compile.
export { normaliseOptions, checkPositiveInt } from '../options.js';
