// wasmlp/text: text features (loaded on demand, so numeric-only bundles stay small).
export { CountVectorizer, type CountState } from './count-vectorizer.js';
export { TfidfVectorizer, type TfidfVectorizerOptions, type TfidfSettings, type TfidfState } from './tfidf-vectorizer.js';
export type { CountVectorizerOptions, CountSettings } from './vectorizer-options.js';
export type { Documents } from './documents.js';
export { tokenize, wordNgrams, analyze, DEFAULT_TOKEN_PATTERN } from './tokenizer.js';
export { ENGLISH_STOP_WORDS } from './stop-words.js';
