// DuckDB query results as an Apache Arrow table. @duckdb/node-api binds no Arrow export (the C
// API's arrow functions are not exposed), so each DuckDB data chunk becomes one Arrow record batch
// built by apache-arrow from the chunk's typed column values, with the DuckDB column types mapped
// to their Arrow counterparts (BIGINT -> Int64, DOUBLE -> Float64, VARCHAR -> Dictionary<Utf8>,
// BOOLEAN -> Bool, ...), nulls kept. duckdb-wasm hands out Arrow directly; this does the same job.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';

const ARROW_TYPE: Partial<Record<DuckDBTypeId, () => arrow.DataType>> = {
  [DuckDBTypeId.BOOLEAN]: () => new arrow.Bool(),
  [DuckDBTypeId.TINYINT]: () => new arrow.Int8(),
  [DuckDBTypeId.SMALLINT]: () => new arrow.Int16(),
  [DuckDBTypeId.INTEGER]: () => new arrow.Int32(),
  [DuckDBTypeId.BIGINT]: () => new arrow.Int64(),
  [DuckDBTypeId.UBIGINT]: () => new arrow.Uint64(),
  [DuckDBTypeId.FLOAT]: () => new arrow.Float32(),
  [DuckDBTypeId.DOUBLE]: () => new arrow.Float64(),
  [DuckDBTypeId.VARCHAR]: () => new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
};

export async function queryArrow(con: DuckDBConnection, sql: string): Promise<arrow.Table> {
  const result = await con.run(sql);
  const names = result.columnNames();
  const types = result.columnTypes().map((t, i) => {
    const make = ARROW_TYPE[t.typeId];
    if (!make) throw new Error(`queryArrow: column ${names[i]} has DuckDB type ${t}, not mapped in this helper`);
    return make();
  });
  const batches: arrow.RecordBatch[] = [];
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const columns = chunk.getColumns();
    const vectors = Object.fromEntries(names.map((n, i) => [n, arrow.vectorFromArray(columns[i] as unknown[], types[i])]));
    batches.push(...new arrow.Table(vectors).batches);
  }
  return new arrow.Table(batches);
}

/**
 * An in-memory DuckDB that can read `csvPath`, with a Parquet copy of it written by DuckDB itself
 * into a temporary folder; close() shuts DuckDB and removes the folder.
 */
export async function duckdbWithParquetCopy(csvPath: string): Promise<{ con: DuckDBConnection; parquetPath: string; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'wasmlp-duckdb-'));
  const parquetPath = join(dir, 'copy.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  await con.run(`COPY (SELECT * FROM read_csv_auto('${csvPath}')) TO '${parquetPath}' (FORMAT parquet)`);
  return {
    con, parquetPath,
    close() {
      con.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
