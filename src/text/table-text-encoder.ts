import { TfidfVectorizer, type TfidfVectorizerOptions } from './tfidf-vectorizer.js';
import { CountVectorizer } from './count-vectorizer.js';

/**
 * How a table's text column is vectorized by default: TF-IDF over the 4096 most frequent terms
 * with sublinear tf (the protocol scikit-learn's reference figures use), names `column:term`.
 */
export const TEXT_COLUMN_TFIDF: Readonly<TfidfVectorizerOptions> = { maxFeatures: 4096, sublinearTf: true };

/** The fresh, unfitted encoder for one text column (fitted per fold by the pipeline). */
export function textColumnEncoder(column: string): TfidfVectorizer {
  return new TfidfVectorizer({ ...TEXT_COLUMN_TFIDF, featurePrefix: `${column}:` });
}

/** Restorers of the vectorizers' saved forms, by className (saved pipelines). */
export const TEXT_ENCODER_RESTORERS = {
  TfidfVectorizer: (json: unknown) => TfidfVectorizer.fromJSON(json),
  CountVectorizer: (json: unknown) => CountVectorizer.fromJSON(json),
} as const;
