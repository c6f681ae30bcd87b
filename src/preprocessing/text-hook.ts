import { WasmlpError } from '../errors.js';
import { optionAdvice } from '../advice.js';
import type { Transformer, TransformerJSON } from './transformer.js';

/**
 * HOOK (text helper, issue 10 item 3): the encoder TableTransformer uses for a column of kind
 * 'text'. It receives a one-column Table (the text column; null = empty text) and returns a
 * SparseMatrix; it must provide featureNamesOut() (e.g. `sms:free`) and toJSON()/fromJSON().
 * Until the TF-IDF vectorizer is merged, a text column is refused with advice to drop it.
 */
export function textEncoderFor(column: string): Transformer {
  throw new WasmlpError('TEXT_NOT_AVAILABLE', `Column '${column}' holds free text, and this build has no text vectorizer yet. Drop the column (${optionAdvice('drop', [column])}), or read it as a category (${optionAdvice('categorical', [column])}).`, { column });
}

/** HOOK (text helper): restorers of the text encoders' saved forms, by className, for saved pipelines. */
export const TEXT_ENCODERS: Record<string, (json: TransformerJSON<any, any>) => Transformer> = {};
