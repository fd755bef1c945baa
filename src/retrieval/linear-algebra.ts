/**
 * The numerical linear algebra the local embedder needs: a seeded PRNG, compressed-sparse-row
 * matrices and sparse × dense products, CholeskyQR orthonormalization, and a randomized
 * truncated SVD (Halko, Martinsson & Tropp 2011, algorithm 4.4 with power iterations). The
 * eigensolver of the small symmetric matrix at its end is ml-matrix's.
 *
 * What stays hand-written is what no maintained JavaScript package offers: products with a
 * sparse matrix (ml-matrix is dense only; the PPMI core is 4,096 × 4,096 at a few per cent
 * density) and the randomized sketch around them. docs/local-embedder.md measures the choice.
 *
 * Dense matrices are row-major `Float64Array`s with an explicit column count. Everything is
 * deterministic: the same inputs and seed give bit-identical outputs.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/** A seeded 32-bit PRNG (mulberry32). `next()` returns a float in [0, 1). */
export class SeededRandom {
  private state: number;
  private spareGaussian: number | undefined;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A standard normal deviate (Box–Muller, both values used). */
  nextGaussian(): number {
    if (this.spareGaussian !== undefined) {
      const value = this.spareGaussian;
      this.spareGaussian = undefined;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareGaussian = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }
}

// ---------------------------------------------------------------------------------------------
// Sparse matrices
// ---------------------------------------------------------------------------------------------

/** A compressed-sparse-row matrix. Row `r` holds entries `rowStart[r]` ≤ i < `rowStart[r + 1]`. */
export interface CsrMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly rowStart: Int32Array;
  readonly columnIndex: Int32Array;
  readonly values: Float32Array;
}

/** Builds a CSR matrix from per-row (column, value) lists. Columns need not be sorted. */
export function csrFromRows(
  rows: ReadonlyArray<{ readonly columns: ArrayLike<number>; readonly values: ArrayLike<number> }>,
  columnCount: number,
): CsrMatrix {
  let nonZeros = 0;
  for (const row of rows) nonZeros += row.columns.length;
  const rowStart = new Int32Array(rows.length + 1);
  const columnIndex = new Int32Array(nonZeros);
  const values = new Float32Array(nonZeros);
  let offset = 0;
  rows.forEach((row, index) => {
    rowStart[index] = offset;
    for (let entry = 0; entry < row.columns.length; entry++) {
      columnIndex[offset] = row.columns[entry]!;
      values[offset] = row.values[entry]!;
      offset++;
    }
  });
  rowStart[rows.length] = offset;
  return { rows: rows.length, columns: columnCount, rowStart, columnIndex, values };
}

/** out[outOffset + k] += scale · source[sourceOffset + k] for k < length (unrolled by four). */
function axpy(
  out: Float64Array,
  outOffset: number,
  scale: number,
  source: Float64Array,
  sourceOffset: number,
  length: number,
): void {
  let k = 0;
  for (; k + 3 < length; k += 4) {
    out[outOffset + k]! += scale * source[sourceOffset + k]!;
    out[outOffset + k + 1]! += scale * source[sourceOffset + k + 1]!;
    out[outOffset + k + 2]! += scale * source[sourceOffset + k + 2]!;
    out[outOffset + k + 3]! += scale * source[sourceOffset + k + 3]!;
  }
  for (; k < length; k++) out[outOffset + k]! += scale * source[sourceOffset + k]!;
}

/** `A · B` for sparse `A` (m × n) and dense `B` (n × width). Returns m × width. */
export function sparseTimesDense(matrix: CsrMatrix, dense: Float64Array, width: number): Float64Array {
  const out = new Float64Array(matrix.rows * width);
  const { rowStart, columnIndex, values } = matrix;
  for (let row = 0; row < matrix.rows; row++) {
    for (let entry = rowStart[row]!; entry < rowStart[row + 1]!; entry++) {
      axpy(out, row * width, values[entry]!, dense, columnIndex[entry]! * width, width);
    }
  }
  return out;
}

/** `Aᵀ · B` for sparse `A` (m × n) and dense `B` (m × width). Returns n × width. */
export function sparseTransposeTimesDense(
  matrix: CsrMatrix,
  dense: Float64Array,
  width: number,
): Float64Array {
  const out = new Float64Array(matrix.columns * width);
  const { rowStart, columnIndex, values } = matrix;
  for (let row = 0; row < matrix.rows; row++) {
    for (let entry = rowStart[row]!; entry < rowStart[row + 1]!; entry++) {
      axpy(out, columnIndex[entry]! * width, values[entry]!, dense, row * width, width);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dense helpers
// ---------------------------------------------------------------------------------------------

/** Σ a[aOffset + i] · b[bOffset + i] for i < length, with four accumulators for speed. */
export function dot(
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  length: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += a[aOffset + i]! * b[bOffset + i]!;
    s1 += a[aOffset + i + 1]! * b[bOffset + i + 1]!;
    s2 += a[aOffset + i + 2]! * b[bOffset + i + 2]!;
    s3 += a[aOffset + i + 3]! * b[bOffset + i + 3]!;
  }
  for (; i < length; i++) s0 += a[aOffset + i]! * b[bOffset + i]!;
  return s0 + s1 + s2 + s3;
}

/** The transpose of a row-major `rows × columns` matrix (so also row-major ↔ column-major). */
export function transpose(matrix: Float64Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const offset = row * columns;
    for (let column = 0; column < columns; column++) out[column * rows + row] = matrix[offset + column]!;
  }
  return out;
}

/** `Yᵀ · Y` for row-major `Y` (rows × width). Returns the symmetric width × width Gram matrix. */
export function gramMatrix(matrix: Float64Array, rows: number, width: number): Float64Array {
  const columns = transpose(matrix, rows, width);
  const gram = new Float64Array(width * width);
  for (let a = 0; a < width; a++) {
    for (let b = a; b < width; b++) {
      const value = dot(columns, a * rows, columns, b * rows, rows);
      gram[a * width + b] = value;
      gram[b * width + a] = value;
    }
  }
  return gram;
}

/**
 * `Y · M` for row-major `Y` (rows × inner) and `M` (inner × width). With `upperTriangular`,
 * `M` is taken to be zero below its diagonal and those terms are skipped.
 */
export function denseTimesSmall(
  matrix: Float64Array,
  rows: number,
  inner: number,
  small: Float64Array,
  width: number,
  upperTriangular = false,
): Float64Array {
  const smallColumns = transpose(small, inner, width);
  const out = new Float64Array(rows * width);
  for (let row = 0; row < rows; row++) {
    const inOffset = row * inner;
    const outOffset = row * width;
    for (let column = 0; column < width; column++) {
      const length = upperTriangular ? Math.min(column + 1, inner) : inner;
      out[outOffset + column] = dot(matrix, inOffset, smallColumns, column * inner, length);
    }
  }
  return out;
}

/**
 * The inverse of the upper-triangular Cholesky factor `R` (`G = Rᵀ R`) of a symmetric positive
 * semi-definite matrix. Pivots at or below `tolerance` are treated as zero (the matching column
 * of the result becomes zero), which happens when the sketch is rank deficient.
 */
function inverseCholeskyFactor(gram: Float64Array, width: number, tolerance: number): Float64Array {
  const r = new Float64Array(width * width);
  for (let j = 0; j < width; j++) {
    let diagonal = gram[j * width + j]!;
    for (let k = 0; k < j; k++) diagonal -= r[k * width + j]! ** 2;
    if (diagonal <= tolerance) continue; // leaves row j of R zero
    const pivot = Math.sqrt(diagonal);
    r[j * width + j] = pivot;
    for (let i = j + 1; i < width; i++) {
      let sum = gram[j * width + i]!;
      for (let k = 0; k < j; k++) sum -= r[k * width + j]! * r[k * width + i]!;
      r[j * width + i] = sum / pivot;
    }
  }
  // Invert the upper-triangular R by back substitution, column by column.
  const inverse = new Float64Array(width * width);
  for (let column = 0; column < width; column++) {
    if (r[column * width + column] === 0) continue;
    for (let row = column; row >= 0; row--) {
      const pivot = r[row * width + row]!;
      if (pivot === 0) continue;
      let sum = row === column ? 1 : 0;
      for (let k = row + 1; k <= column; k++) sum -= r[row * width + k]! * inverse[k * width + column]!;
      inverse[row * width + column] = sum / pivot;
    }
  }
  return inverse;
}

/**
 * Orthonormalizes the columns of a tall row-major matrix (rows × width) by CholeskyQR:
 * `Q = Y · R⁻¹` with `R` the Cholesky factor of `YᵀY`. The first pass adds a small diagonal
 * shift so that an ill-conditioned sketch cannot break the factorization; a second pass
 * (the default, "CholeskyQR2") restores orthogonality to working precision. Power iterations
 * only need a well-conditioned basis and use one pass.
 */
export function orthonormalizeColumns(
  matrix: Float64Array,
  rows: number,
  width: number,
  passes = 2,
): Float64Array {
  let current = matrix;
  for (let pass = 0; pass < passes; pass++) {
    const gram = gramMatrix(current, rows, width);
    let trace = 0;
    for (let k = 0; k < width; k++) trace += gram[k * width + k]!;
    const scale = trace / width || 1;
    if (pass === 0) for (let k = 0; k < width; k++) gram[k * width + k]! += 1e-10 * scale;
    const inverse = inverseCholeskyFactor(gram, width, 1e-13 * scale);
    current = denseTimesSmall(current, rows, width, inverse, width, true);
  }
  return current;
}

/**
 * Eigen-decomposition of a small symmetric matrix (`size × size`, row-major), by ml-matrix's
 * `EigenvalueDecomposition` (Householder tridiagonalization and the implicit QL algorithm,
 * tred2/tql2 as in JAMA). Returns the eigenvalues in descending order and the matching
 * eigenvectors as the columns of a row-major `size × size` matrix; ties keep their order.
 */
export function symmetricEigen(
  input: Float64Array,
  size: number,
): { values: Float64Array; vectors: Float64Array } {
  if (size === 0) return { values: new Float64Array(0), vectors: new Float64Array(0) };
  const decomposition = new EigenvalueDecomposition(Matrix.from1DArray(size, size, input), {
    assumeSymmetric: true,
  });
  const eigenvalues = decomposition.realEigenvalues;
  const eigenvectors = decomposition.eigenvectorMatrix;
  const order = Array.from({ length: size }, (_, index) => index).sort(
    (x, y) => eigenvalues[y]! - eigenvalues[x]! || x - y,
  );
  const values = new Float64Array(size);
  const vectors = new Float64Array(size * size);
  order.forEach((source, target) => {
    values[target] = eigenvalues[source]!;
    for (let k = 0; k < size; k++) vectors[k * size + target] = eigenvectors.get(k, source);
  });
  return { values, vectors };
}

// ---------------------------------------------------------------------------------------------
// Randomized truncated SVD
// ---------------------------------------------------------------------------------------------

export interface TruncatedSvd {
  readonly rank: number;
  /** Singular values, descending. */
  readonly singularValues: Float64Array;
  /** Left singular vectors, row-major `rows × rank` (empty if not requested). */
  readonly left: Float64Array;
  /** Right singular vectors, row-major `columns × rank` (empty if not requested). */
  readonly right: Float64Array;
}

export interface RandomizedSvdOptions {
  readonly rank: number;
  readonly seed: number;
  /** Extra sketch columns beyond `rank` (default 10). */
  readonly oversampling?: number;
  /** Power (subspace) iterations; each sharpens the spectrum at the cost of two products (default 2). */
  readonly powerIterations?: number;
  /** Which singular vectors to compute (default both); skipping one saves a dense product. */
  readonly vectors?: 'left' | 'right' | 'both';
}

/**
 * Rank-`rank` SVD `A ≈ U Σ Vᵀ` of a sparse matrix by randomized subspace iteration.
 * The sketch is taken on the column space; `rank` is clipped to `min(rows, columns)`.
 */
export function randomizedSvd(matrix: CsrMatrix, options: RandomizedSvdOptions): TruncatedSvd {
  const rank = Math.max(1, Math.min(options.rank, matrix.rows, matrix.columns));
  const width = Math.min(rank + (options.oversampling ?? 10), matrix.rows, matrix.columns);
  const random = new SeededRandom(options.seed);
  const omega = new Float64Array(matrix.columns * width);
  for (let index = 0; index < omega.length; index++) omega[index] = random.nextGaussian();

  const powerIterations = options.powerIterations ?? 2;
  // The Gaussian sketch A·Ω is well conditioned (about σ₁/σ_width), so it is only
  // orthonormalized here when no power iteration follows; each later product gets one
  // CholeskyQR pass and the final basis two.
  const sketch = sparseTimesDense(matrix, omega, width);
  let q = powerIterations > 0 ? sketch : orthonormalizeColumns(sketch, matrix.rows, width);
  for (let iteration = 0; iteration < powerIterations; iteration++) {
    const last = iteration === powerIterations - 1;
    const z = orthonormalizeColumns(sparseTransposeTimesDense(matrix, q, width), matrix.columns, width, 1);
    q = orthonormalizeColumns(sparseTimesDense(matrix, z, width), matrix.rows, width, last ? 2 : 1);
  }
  // B = Qᵀ A is width × columns; we hold Bᵀ = Aᵀ Q (columns × width) and diagonalize B Bᵀ.
  const bTransposed = sparseTransposeTimesDense(matrix, q, width);
  const eigen = symmetricEigen(gramMatrix(bTransposed, matrix.columns, width), width);
  const singularValues = new Float64Array(rank);
  const leftRotation = new Float64Array(width * rank);
  const rightRotation = new Float64Array(width * rank);
  for (let k = 0; k < rank; k++) {
    const sigma = Math.sqrt(Math.max(eigen.values[k]!, 0));
    singularValues[k] = sigma;
    for (let i = 0; i < width; i++) {
      leftRotation[i * rank + k] = eigen.vectors[i * width + k]!;
      rightRotation[i * rank + k] = sigma > 0 ? eigen.vectors[i * width + k]! / sigma : 0;
    }
  }
  const vectors = options.vectors ?? 'both';
  return {
    rank,
    singularValues,
    left:
      vectors === 'right' ? new Float64Array(0) : denseTimesSmall(q, matrix.rows, width, leftRotation, rank),
    right:
      vectors === 'left'
        ? new Float64Array(0)
        : denseTimesSmall(bTransposed, matrix.columns, width, rightRotation, rank),
  };
}
