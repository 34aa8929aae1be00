/** What a CLI command writes to: a line at a time, to stdout (`out`) or stderr (`err`). */
export type Output = { out: (line: string) => void; err: (line: string) => void };

/** A usage mistake: one readable line, exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
}
