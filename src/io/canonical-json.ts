// Moved to src/codec/canonical-json.ts (codecs sit below model/); kept for existing imports.
export * from '../codec/canonical-json.js';
