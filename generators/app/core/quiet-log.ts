/**
 * yeoman logs "An error occured while running <namespace>#<task>" before it rethrows a task's error.
 * The message printed for that error (by our bin, or by yo) says it all, so that line is dropped from
 * the run's logger; any other error line stays.
 */
export function quietTaskFailures(log: { error: (...args: any[]) => unknown }): void {
  const error = log.error;
  log.error = function (this: unknown, ...args: any[]) {
    if (typeof args[0] === 'string' && /^An error occurr?ed while running \S+#\S+$/.test(args[0])) return this;
    return error.apply(this, args);
  };
}
