/**
 * The CPU/memory combinations AWS accepts, so a bad pair is refused at
 * validate time instead of failing half-way through an apply.
 * Fargate: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 * App Runner: https://docs.aws.amazon.com/apprunner/latest/dg/architecture.html#architecture.vcpu-memory
 */
const range = (from: number, to: number, step: number): number[] => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** Fargate task memory (MiB) allowed for each CPU value (units, 1024 = 1 vCPU). */
export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** App Runner instance memory (MiB) allowed for each CPU value. */
export const APP_RUNNER_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024],
  512: [1024],
  1024: [2048, 3072, 4096],
  2048: [4096, 6144],
  4096: [8192, 10240, 12288],
};

export interface SizeProblem {
  /** Which of the two values to point at. */
  readonly field: "cpu" | "memory";
  readonly message: string;
  readonly hint: string;
}

const list = (values: readonly (number | string)[]): string => (values.length <= 2 ? values.join(" or ") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`);

/** Checks a cpu/memory pair against `table`; `what` names the platform in messages. */
export function sizeProblem(table: Readonly<Record<number, readonly number[]>>, what: string, cpu: number, memory: number, cpuLabel = (c: number) => String(c)): SizeProblem | undefined {
  const cpus = Object.keys(table).map(Number);
  const allowed = table[cpu];
  if (!allowed) return { field: "cpu", message: `${what} has no cpu ${cpuLabel(cpu)}`, hint: `use one of ${list(cpus.map(cpuLabel))}` };
  if (allowed.includes(memory)) return undefined;
  const fits = cpus.filter((c) => table[c].includes(memory));
  return {
    field: "memory",
    message: `${what} cpu ${cpuLabel(cpu)} takes memory ${allowed.length > 6 ? `${allowed[0]}-${allowed[allowed.length - 1]} in steps of ${allowed[1] - allowed[0]}` : list(allowed)} MiB, not ${memory}`,
    hint: fits.length > 0 ? `use one of those, or set cpu to ${list(fits.map(cpuLabel))} for ${memory} MiB` : `use one of those memory sizes`,
  };
}

/** Batch on Fargate sizes jobs in vCPUs; the pairs are Fargate's. */
export const vcpusToFargateCpu = (vcpus: number): number => Math.round(vcpus * 1024);
