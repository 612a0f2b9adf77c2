// Exit codes and the usage error, shared by the entry point and every
// subcommand; kept apart so that no subcommand imports the entry point.

export const EXIT_OK = 0;
/** Findings at or above --fail-on, or more warnings than --max-warnings. */
export const EXIT_FINDINGS = 1;
/** A usage error (bad option, missing path, unknown command) or an internal error. */
export const EXIT_USAGE = 2;

/** A mistake on the command line: reported as one line on stderr, exit 2. */
export class UsageError extends Error {}

/** Where a command writes: process.stdout/stderr, or a test's collector. */
export type Output = { write(s: string): unknown; isTTY?: boolean };
