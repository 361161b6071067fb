/**
 * Errors a user can cause with their data. Each names the file (and the line, where
 * there is one) and what was wrong, so a bad record in a large data set can be found.
 */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** An image (or other binary) file that cannot be decoded. */
export class DecodeError extends DatasetError {
  override name = 'DecodeError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** A text file (CSV, list, report) with a malformed line; `line` is 1-based. */
export class ParseError extends DatasetError {
  override name = 'ParseError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/** A bad argument or configuration (sizes, options) rather than a bad file. */
export class ConfigError extends DatasetError {
  override name = 'ConfigError';
}
