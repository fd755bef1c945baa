-- Schema version 3: generation chunks are stored out of line without compression. The chunks
-- are index files (HNSW graphs, float vectors, the packed lexical index) that pglz cannot
-- shrink, but with the default EXTENDED storage the server still tries, on every 4 MB chunk:
-- on the whole U.S. Code that attempt cost more server CPU than storing the bytes
-- (docs/benchmarks.md, issue 17). Applies to chunks written from now on.
ALTER TABLE generation_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
