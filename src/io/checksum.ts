// Moved to src/codec/checksum.ts (codecs sit below model/); kept for existing imports.
export * from '../codec/checksum.js';
