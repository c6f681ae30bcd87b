import { describe, it } from 'vitest';
import { loadCsvText } from '../../src/data/csv.js';
import { getColumn, table, type Column } from '../../src/data/table.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/** Codes that used to be built at run time (UNKNOWN_<option>_MODE) or were never triggered by a test. */
describe('codes of option families and tables', () => {
  it('UNKNOWN_MISSING_MODE, UNKNOWN_CATEGORICAL_MODE, UNKNOWN_TASK_MODE name the option and list the valid modes', async () => {
    await expectWasmlpError(() => loadCsvText('1,0\n2,1\n', { missing: 'zero' as never }), 'UNKNOWN_MISSING_MODE', ['error, drop, mean, median'], { option: 'missing' });
    await expectWasmlpError(() => loadCsvText('1,0\n2,1\n', { categorical: 'ordinal' as never }), 'UNKNOWN_CATEGORICAL_MODE', ['error, onehot'], { option: 'categorical' });
    await expectWasmlpError(() => loadCsvText('1,0\n2,1\n', { task: 'ranking' as never }), 'UNKNOWN_TASK_MODE', ['auto, binary, multiclass, regression'], { option: 'task' });
  });

  it('DUPLICATE_COLUMN and UNKNOWN_COLUMN for tables', async () => {
    const a: Column = { name: 'a', type: 'number', values: new Float64Array([1, 2]) };
    await expectWasmlpError(() => table([a, a]), 'DUPLICATE_COLUMN', [/appears twice/], { column: 'a' });
    await expectWasmlpError(() => getColumn(table([a]), 'b', 'label'), 'UNKNOWN_COLUMN', [/columns are: a/], { option: 'label', column: 'b' });
  });
});
