/**
 * Errors a user can act on. The message names the file or flag at fault and the fix;
 * the CLI prints it without a stack trace and exits with `exitCode`.
 */
export const ExitCode = {
  failure: 1,
  usage: 2,
  noStack: 3,
  conflict: 4,
} as const;

export class UserError extends Error {
  /** What `yo` exits with (it reads `error.code`), so a run through yo gets the same exit codes. */
  readonly code: number;

  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failure,
  ) {
    super(message);
    this.name = 'UserError';
    this.code = exitCode;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError' && 'exitCode' in error;
}

/**
 * Runs a reader on a sub-folder seen as a repository of its own (Repo.sub), so that the files its
 * errors name are given from the outer root: "web/package.json: …", not "package.json: …".
 */
export function inFolder<T>(dir: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isUserError(error) && dir !== '.' && !error.message.startsWith(`${dir}/`)) throw new UserError(`${dir}/${error.message}`, error.exitCode);
    throw error;
  }
}
