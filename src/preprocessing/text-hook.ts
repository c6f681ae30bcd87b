import type { Transformer, TransformerJSON } from './transformer.js';
import { textColumnEncoder, TEXT_ENCODER_RESTORERS } from '../text/table-text-encoder.js';

/**
 * The encoder TableTransformer uses for a column of kind 'text': a TfidfVectorizer (4096 terms,
 * sublinear tf, see src/text/table-text-encoder.ts) fitted per fold on the one-column table it is
 * given (null = empty text), giving sparse rows named `column:term` (e.g. `sms:free`).
 */
export function textEncoderFor(column: string): Transformer {
  return textColumnEncoder(column);
}

/** Restorers of the text encoders' saved forms, by className, for saved pipelines. */
export const TEXT_ENCODERS: Record<string, (json: TransformerJSON<any, any>) => Transformer> = {
  TfidfVectorizer: (json) => TEXT_ENCODER_RESTORERS.TfidfVectorizer(json),
  CountVectorizer: (json) => TEXT_ENCODER_RESTORERS.CountVectorizer(json),
};
