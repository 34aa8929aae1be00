/**
 * Every limit of the PDF reader, in one place, and the budget that counts objects, decoded bytes
 * and time while one file is read. Each limit exists because a hostile upload could otherwise make
 * one request cost unbounded memory or time (see ../pdf-reader.ts); where each is enforced is named
 * beside it.
 */

export class PdfReadError extends Error {
  override readonly name: string = 'PdfReadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The file goes beyond a limit of this reader (size, count, depth, decompression, time). */
export class PdfLimitError extends PdfReadError {
  override readonly name = 'PdfLimitError';
}

export interface PdfLimits {
  /** Indirect objects read (top level and inside object streams): counted by `Budget`. */
  maxObjects: number;
  /** Nesting of arrays and dictionaries inside one object: lexer.ts. */
  maxDepth: number;
  /** Bytes one non-stream object may span (strings, arrays, dictionaries): document.ts. */
  maxObjectBytes: number;
  /** Decoded bytes of one stream (after every filter): streams.ts. */
  maxStreamBytes: number;
  /** Decoded bytes of all streams of the file: streams.ts. */
  maxTotalDecodedBytes: number;
  /** Largest decoded/encoded ratio of one filter step once its output passes 64 KB: streams.ts. */
  maxRatio: number;
  /** Filters chained on one stream: streams.ts. */
  maxFilters: number;
  /** Wall-clock budget for reading the whole file: checked by `Budget.tick`. */
  timeBudgetMs: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxObjects: 20_000,
  maxDepth: 48,
  maxObjectBytes: 256 * 1024,
  maxStreamBytes: 4 * 1024 * 1024,
  maxTotalDecodedBytes: 16 * 1024 * 1024,
  maxRatio: 200,
  maxFilters: 4,
  timeBudgetMs: 800,
};

/** What one file has used of its limits so far: objects read, bytes decoded, time. */
export class Budget {
  private readonly deadline: number;
  private sliceStart = performance.now();
  objects = 0;
  decoded = 0;
  constructor(readonly limits: PdfLimits) {
    this.deadline = performance.now() + limits.timeBudgetMs;
  }

  countObject(): void {
    if (++this.objects > this.limits.maxObjects)
      throw new PdfLimitError(`PDF holds more than ${this.limits.maxObjects} objects`);
  }

  /** Checks the clock, and lets the event loop run other work every few milliseconds. */
  async tick(): Promise<void> {
    const now = performance.now();
    if (now > this.deadline) throw new PdfLimitError(`PDF takes longer than ${this.limits.timeBudgetMs} ms to read`);
    if (now - this.sliceStart > 8) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.sliceStart = performance.now();
    }
  }
}
