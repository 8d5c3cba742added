/**
 * Warning rules: configs that are valid and synthesize, but that the user
 * should hear about before applying. Same shape as the error rules (a small
 * function from the parsed config to `{ path, message, hint }`); the loader
 * positions them like errors, `lz validate` and `lz synth` print them, and
 * they never change an exit code.
 */
import { Problem } from "./problem";
import { ParsedConfig } from "./schema";

type WarningRule = (config: ParsedConfig) => Problem[];

/**
 * AWS closed App Runner to new customers on 2026-04-30: existing customers
 * keep using it (new services included), and AWS recommends Amazon ECS
 * (Express Mode) instead. An account the landing zone creates (no `id`) is
 * new to App Runner.
 * https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html
 */
export const APP_RUNNER_AVAILABILITY_URL = "https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html";

export const appRunnerOnNewAccount: WarningRule = (c) =>
  c.accounts.flatMap((a, i) =>
    a.id === undefined && a.appRunner.length > 0
      ? [
          {
            path: ["accounts", i, "appRunner"],
            message: `App Runner is closed to new customers since 2026-04-30, and ${a.name} is an account the landing zone creates: App Runner may refuse its ${a.appRunner.length === 1 ? "service" : `${a.appRunner.length} services`} (${APP_RUNNER_AVAILABILITY_URL})`,
            hint: "run the service as an ecs entry (Fargate behind a load balancer), as AWS recommends; keep appRunner only in accounts that already use App Runner",
          },
        ]
      : [],
  );

/** The warning table: the loader runs each in order on a config that passed every error rule. */
export const WARNING_RULES: readonly WarningRule[] = [appRunnerOnNewAccount];
