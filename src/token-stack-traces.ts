/**
 * cdktf records a full JavaScript stack trace (Error.stackTraceLimit = ∞) for
 * every token it creates, only to print it if that token later fails to
 * resolve. The profile of `npm run bench` shows this as the largest single
 * cost of a synth (about a fifth of CPU time: formatting tens of thousands of
 * stack traces), so it is switched off unless LZ_DEBUG is set. The call sites
 * read `captureStackTrace` from the module's exports at each call, so
 * replacing the export is enough.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: (below?: unknown) => string[] };

const original = stackTrace.captureStackTrace;

/** Turns token creation stack traces off (the default) or back on. */
export function recordTokenStackTraces(on: boolean): void {
  stackTrace.captureStackTrace = on ? original : () => [];
}

recordTokenStackTraces(Boolean(process.env.LZ_DEBUG));
