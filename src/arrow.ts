/**
 * `wasmlp/arrow`: Apache Arrow tables (from DuckDB, Parquet readers, Polars, Arquero...) as wasmlp
 * Tables. No dependency on the apache-arrow package: any Arrow table object with its shape works.
 * @module
 */
export { fromArrow, type FromArrowOptions, type ArrowData, type ArrowTableLike, type ArrowVectorLike, type ArrowChunkLike, type ArrowTypeLike } from './data/arrow.js';
