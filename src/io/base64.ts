// Moved to src/codec/base64.ts (codecs sit below model/); kept for existing imports.
export * from '../codec/base64.js';
