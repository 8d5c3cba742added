/**
 * Runs per-stack work in dependency waves with bounded parallelism and a
 * progress display, for `lz plan`, `lz apply` and `lz drift`. On a terminal
 * the display is listr2's live view; without one (CI logs, pipes) every line
 * starts with its stack's name and each message is printed once: the step a
 * stack starts ("network: terraform plan") and its outcome
 * ("network: ✔ changes (12.3s)"), never listr2's repeated "[SKIPPED: …]".
 */
import { Listr } from "listr2";

export type PlanRenderer = "default" | "simple" | "verbose" | "silent";

/** How one stack's work ended, for its line and its wave's verdict. */
export type Outcome = "ok" | "skipped" | "failed";

export interface WaveTask<T, R> {
  readonly name: string;
  readonly item: T;
  /** Does the work; `progress(step)` reports the current step. */
  readonly run: (progress: (step: string) => void) => Promise<R>;
}

export interface WaveRunOptions<R> {
  readonly parallelism: number;
  readonly renderer: PlanRenderer;
  /** Where lines go. */
  readonly log: (line: string) => void;
  /** The final title of a stack, e.g. "changes (3.2s)". */
  readonly title: (result: R) => string;
  readonly outcome: (result: R) => Outcome;
  /** The error text listr shows under a failed stack on a terminal. */
  readonly failureDetail?: (result: R) => string;
  /** True on a terminal: the live display; otherwise lines. @default process.stdout.isTTY */
  readonly isTTY?: boolean;
}

/** True when the line display is used rather than listr2's. */
export const linesWanted = (renderer: PlanRenderer, isTTY: boolean): boolean => renderer === "simple" || renderer === "verbose" || (renderer === "default" && !isTTY);

const MARK: Record<Outcome, string> = { ok: "✔", skipped: "↓", failed: "✖" };

/** Runs `tasks` at most `parallelism` at a time; resolves with results in task order. */
export async function runWave<T, R>(tasks: readonly WaveTask<T, R>[], options: WaveRunOptions<R>): Promise<R[]> {
  const isTTY = options.isTTY ?? Boolean(process.stdout.isTTY);
  if (options.renderer === "silent" || linesWanted(options.renderer, isTTY)) {
    const lines = options.renderer !== "silent";
    const results: R[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        const i = next++;
        const t = tasks[i];
        let last: string | undefined;
        const result = await t.run((step) => {
          if (lines && step !== last) options.log(`${t.name}: ${step}`);
          last = step;
        });
        results[i] = result;
        if (lines) options.log(`${t.name}: ${MARK[options.outcome(result)]} ${options.title(result)}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallelism, tasks.length) }, worker));
    return results;
  }
  const results: R[] = new Array(tasks.length);
  const list = new Listr(
    tasks.map((t, i) => ({
      title: t.name,
      task: async (_c: unknown, task: { output: string; title: string; skip: (message: string) => void }) => {
        const result = await t.run((step) => (task.output = step));
        results[i] = result;
        task.title = `${t.name}: ${options.title(result)}`;
        const outcome = options.outcome(result);
        if (outcome === "skipped") task.skip(task.title);
        if (outcome === "failed") throw new Error(options.failureDetail?.(result) ?? "failed");
      },
    })),
    {
      concurrent: options.parallelism,
      exitOnError: false,
      renderer: options.renderer,
      fallbackRenderer: "simple",
      rendererOptions: { collapseSubtasks: false, collapseErrors: false },
    },
  );
  await list.run();
  return results;
}
