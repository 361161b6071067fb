/**
 * Failures the CLI reports as one line and an exit code instead of a stack trace:
 * usage mistakes (exit 2) and failed work (exit 1). Errors the packages throw for bad
 * input (config, data files) are mapped to the same form in `describeFailure`.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A bad command line: an unknown or malformed flag or argument. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command whose `--help` to point at ('' for the top level). */
    readonly command = '',
  ) {
    super(message, 2);
  }
}

/** Errors thrown by the packages for bad user input: their message already names the file or field. */
const USER_ERRORS = new Set(['ConfigError', 'DatasetError', 'DecodeError', 'ParseError', 'TrainingError', 'NonFiniteLossError', 'ModelError', 'ReportError']);

export interface Failure {
  message: string;
  exitCode: number;
  /** Print the stack too: an unexpected error, i.e. a bug rather than bad input. */
  showStack: boolean;
}

export function describeFailure(e: unknown): Failure {
  if (e instanceof CliError) return { message: e.message, exitCode: e.exitCode, showStack: false };
  if (e instanceof Error) {
    if (USER_ERRORS.has(e.name)) return { message: `${e.name}: ${e.message}`, exitCode: 1, showStack: false };
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') return { message: e.message, exitCode: 1, showStack: false };
    return { message: `${e.name}: ${e.message}`, exitCode: 1, showStack: true };
  }
  return { message: String(e), exitCode: 1, showStack: false };
}
