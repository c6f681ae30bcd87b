import { table } from '../data/table.js';
import { loadTextFolder } from '../text/text-folder-node.js';
import type { Encoding } from '../data/encoding.js';
import { inferSchema } from '../data/schema.js';
import type { LoadedData } from './common.js';

/**
 * A directory argument: a text folder, one subfolder per class (Keras' text_dataset_from_directory).
 * Its texts become a one-column table of kind text, so the same pipeline (TableTransformer ->
 * network) vectorizes them per fold. Hook for the text helper: the vectorizer behind kind 'text'
 * is src/preprocessing/text-hook.ts.
 */
export function loadTextFolderData(path: string, source: string, flags: Record<string, unknown>): LoadedData {
  const folder = loadTextFolder(path, flags.encoding ? { encoding: flags.encoding as Encoding } : {});
  const x = table([{ name: 'text', type: 'string', values: folder.texts }]);
  const schema = inferSchema(x, { text: ['text'], warn: false });
  return {
    ds: { x, y: folder.labels, labelName: 'class', featureNames: ['text'] },
    features: 1,
    table: {
      x, y: folder.labels, labelName: 'class', classNames: folder.classNames, schema,
      info: { header: false, delimiter: '', decimalComma: [], firstDataLine: 1, file: path },
      transformer: { kinds: { text: 'text' } }, columns: ['text'], allColumns: ['text'], droppedRows: 0,
    },
    source,
    classNames: folder.classNames,
  };
}
