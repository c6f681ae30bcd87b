import { test } from 'vitest';
import '../../src/data/csv-node.js';
import { readTable } from '../../src/data/table-loader.js';
import { inferSchema } from '../../src/data/schema.js';
test('s', async () => {
for (const [f, label] of [['titanic.csv', 'survived'], ['penguins.csv', 'species'], ['sms_spam.tsv', 'Label'], ['sonar.csv', -1]] as const) {
  const { table, info } = await readTable('../shared/data/' + f);
  console.log(f, table.rows, info);
  const s = inferSchema(table, { label });
  for (const c of s.columns.slice(0, 16)) console.log('  ', c.name, c.kind, c.role, c.missing, c.distinct, c.examples.slice(0, 3).join('|').slice(0, 40), '->', c.action);
}
});
