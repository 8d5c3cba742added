/**
 * Semantic rules for workload compute (ecr, ec2, ecs, batch, appRunner).
 * Each is a small function from the parsed config to its problems; the
 * array at the bottom is spread into RULES.
 */
import { ADMIN_PORT_NAMES } from "./admin-ports";
import { APP_RUNNER_MEMORY, FARGATE_MEMORY, sizeProblem, vcpusToFargateCpu } from "./compute-sizes";
import { BATCH_INSTANCE_SELECTORS, instanceTypeProblem } from "./ec2-instance-types";
import { parseImage } from "./images";
import { ConfigPath, Problem, problem } from "./problem";
import { AWS_REGIONS } from "./regions";
import { computeKinds } from "./resolve-compute";
import { reading, Rule, RuleSpec } from "./rule-spec";
import { SECRET_NAME } from "./secret-names";
import { ParsedAccount, ParsedConfig } from "./schema";

const COMPUTE_KEYS = ["ecr", "ec2", "ecs", "batch", "appRunner"] as const;
const GROUP_KINDS = ["ec2", "ecs", "batch", "appRunner"] as const;

/** Calls `fn` for each workload account with its index. */
const eachWorkload = (c: ParsedConfig, fn: (a: ParsedAccount, i: number) => Problem[]): Problem[] =>
  c.accounts.flatMap((a, i) => (a.type === "workload" ? fn(a, i) : []));

/** Everything that runs a container image, with its path, image, tag, secrets and environment. */
interface ImageUser {
  readonly path: ConfigPath;
  readonly image: string;
  readonly tag?: string;
  readonly secrets: Record<string, string>;
  readonly environment: Record<string, string>;
  readonly appRunner: boolean;
}

function imageUsers(a: ParsedAccount, i: number): ImageUser[] {
  return [
    ...a.ecs.map((s, j) => ({ ...s, path: ["accounts", i, "ecs", j], appRunner: false })),
    ...a.batch.flatMap((b, j) => b.jobs.map((job, k) => ({ ...job, path: ["accounts", i, "batch", j, "jobs", k], appRunner: false }))),
    ...a.appRunner.map((s, j) => ({ ...s, path: ["accounts", i, "appRunner", j], appRunner: true })),
  ];
}

export const computeOnWorkloadsOnly: Rule = (c) =>
  c.accounts.flatMap((a, i) =>
    a.type === "workload"
      ? []
      : COMPUTE_KEYS.filter((k) => a[k].length > 0).map((k) =>
          problem(["accounts", i, k], `a ${a.type} account runs no workloads`, `move ${k} to a workload account (type: workload), or remove it`),
        ),
  );

export const uniqueComputeNames: Rule = (c) =>
  eachWorkload(c, (a, i) => {
    const out: Problem[] = [];
    const seen = new Map<string, string>();
    for (const kind of GROUP_KINDS)
      a[kind].forEach((entry, j) => {
        const first = seen.get(entry.name);
        if (first) out.push(problem(["accounts", i, kind, j, "name"], `"${entry.name}" is already used by ${first}`, "give each ec2, ecs, batch and appRunner entry of an account its own name"));
        else seen.set(entry.name, `accounts[${i}].${kind}[${j}]`);
      });
    const repos = new Map<string, number>();
    a.ecr.forEach((name, j) => {
      // Repository names that differ only in '.', '_' or '-' would share a Terraform name.
      const key = name.replace(/[._-]/g, "-");
      const first = repos.get(key);
      if (first === undefined) repos.set(key, j);
      else out.push(problem(["accounts", i, "ecr", j], `repository "${name}" clashes with accounts[${i}].ecr[${first}] ("${a.ecr[first]}")`, "list each repository once, with names that differ in more than '.', '_' or '-'"));
    });
    a.batch.forEach((b, j) => {
      const jobs = new Set<string>();
      b.jobs.forEach((job, k) => {
        if (jobs.has(job.name)) out.push(problem(["accounts", i, "batch", j, "jobs", k, "name"], `job "${job.name}" is listed twice in ${b.name}`, "give each job of a batch entry its own name"));
        jobs.add(job.name);
      });
    });
    return out;
  });

export const imagesResolve: Rule = (c) =>
  eachWorkload(c, (a, i) =>
    imageUsers(a, i).flatMap((u) => {
      const ref = parseImage(u.image, u.tag, a.ecr);
      if (typeof ref === "string") {
        return [problem([...u.path, "image"], ref, a.ecr.length > 0 ? `use one of ${a.ecr.join(", ")} (this account's ecr), or a URI such as public.ecr.aws/nginx/nginx:1.27` : "add the repository to this account's ecr list, or give a full image URI")];
      }
      if (u.appRunner && ref.kind === "uri" && !ref.ecrRepositoryArn && !ref.ecrPublic) {
        return [problem([...u.path, "image"], `App Runner pulls only from ECR and ECR Public, not "${u.image}"`, "use a repository of this account's ecr list, an <account>.dkr.ecr.<region>.amazonaws.com/… or a public.ecr.aws/… image")];
      }
      return [];
    }),
  );

export const fargateSizes: Rule = (c) =>
  eachWorkload(c, (a, i) => [
    ...a.ecs.flatMap((s, j) => {
      const p = sizeProblem(FARGATE_MEMORY, "Fargate", s.cpu, s.memory);
      return p ? [problem(["accounts", i, "ecs", j, p.field], p.message, p.hint)] : [];
    }),
    ...a.batch.flatMap((b, j) =>
      b.jobs.flatMap((job, k) => {
        const path: ConfigPath = ["accounts", i, "batch", j, "jobs", k];
        if (b.platform === "ec2") {
          return Number.isInteger(job.vcpus) ? [] : [problem([...path, "vcpus"], `batch on ec2 needs whole vCPUs, not ${job.vcpus}`, "use 1, 2, 4… or platform: fargate for fractional vCPUs")];
        }
        const p = sizeProblem(FARGATE_MEMORY, "Batch on Fargate", vcpusToFargateCpu(job.vcpus), job.memory, (cpu) => String(cpu / 1024));
        return p ? [problem([...path, p.field === "cpu" ? "vcpus" : "memory"], p.message.replace(/\bcpu\b/g, "vcpus"), p.hint.replace(/\bcpu\b/g, "vcpus"))] : [];
      }),
    ),
    ...a.appRunner.flatMap((s, j) => {
      const p = sizeProblem(APP_RUNNER_MEMORY, "App Runner", s.cpu, s.memory);
      return p ? [problem(["accounts", i, "appRunner", j, p.field], p.message, p.hint)] : [];
    }),
  ]);

export const batchInstanceTypes: Rule = (c) =>
  eachWorkload(c, (a, i) =>
    a.batch.flatMap((b, j) =>
      b.platform === "fargate" && b.instanceTypes ? [problem(["accounts", i, "batch", j, "instanceTypes"], "instanceTypes apply to platform: ec2 only", "remove instanceTypes, or set platform: ec2")] : [],
    ),
  );

const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter\/.+)$/;

export const secretsByArn: Rule = (c) =>
  eachWorkload(c, (a, i) =>
    imageUsers(a, i).flatMap((u) => [
      ...Object.entries(u.secrets).flatMap(([name, arn]) =>
        SECRET_ARN.test(arn)
          ? []
          : [problem([...u.path, "secrets", name], `"${arn}" is not a Secrets Manager secret or SSM parameter ARN`, "use arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name>")],
      ),
      ...Object.keys(u.environment).flatMap((name) =>
        name in u.secrets
          ? [problem([...u.path, "environment", name], `${name} is set in both environment and secrets`, "keep it in secrets only")]
          : SECRET_NAME.test(name)
            ? [problem([...u.path, "environment", name], `${name} looks like a secret, but environment values are stored in plain text`, `store it in Secrets Manager or SSM and list its ARN under secrets: { ${name}: arn:… }`)]
            : [],
      ),
    ]),
  );

const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;

export const loadBalancerCertificates: Rule = (c) =>
  eachWorkload(c, (a, i) =>
    a.ecs.flatMap((s, j) => {
      const lb = s.loadBalancer;
      if (!lb) return [];
      const path: ConfigPath = ["accounts", i, "ecs", j, "loadBalancer", "certificateArn"];
      if (lb.certificateArn === undefined) {
        return [
          problem(
            path,
            `${lb.internetFacing ? "an internet-facing" : "a"} load balancer needs a certificate: it serves HTTPS only`,
            "request or import a certificate in ACM and set certificateArn: arn:aws:acm:<region>:<account>:certificate/<id>",
          ),
        ];
      }
      const m = ACM_ARN.exec(lb.certificateArn);
      if (!m) return [problem(path, `"${lb.certificateArn}" is not an ACM certificate ARN`, "use arn:aws:acm:<region>:<account>:certificate/<uuid>")];
      // An unknown homeRegion is reported once, by regionsReal; comparing against it would only echo that.
      if (m[1] !== c.homeRegion && AWS_REGIONS.has(c.homeRegion)) return [problem(path, `the certificate is in ${m[1]}, but the load balancer is in ${c.homeRegion}`, `use a certificate issued or imported in ${c.homeRegion}`)];
      return [];
    }),
  );

export const autoscalingBounds: Rule = (c) =>
  eachWorkload(c, (a, i) => [
    ...a.ecs.flatMap((s, j) => {
      const path: ConfigPath = ["accounts", i, "ecs", j];
      if (!s.autoscaling) return [];
      const { min, max } = s.autoscaling;
      if (min > max) return [problem([...path, "autoscaling", "max"], `max ${max} is below min ${min}`, "raise max to at least min")];
      if (s.desiredCount < min || s.desiredCount > max) return [problem([...path, "desiredCount"], `${s.desiredCount} lies outside autoscaling ${min}-${max}`, `use a desiredCount between ${min} and ${max}`)];
      return [];
    }),
    ...a.appRunner.flatMap((s, j) =>
      s.autoscaling.min > s.autoscaling.max ? [problem(["accounts", i, "appRunner", j, "autoscaling", "max"], `max ${s.autoscaling.max} is below min ${s.autoscaling.min}`, "raise max to at least min")] : [],
    ),
  ]);

/** Bastion-free: Session Manager replaces SSH and RDP, so no port of ours is ever 22 or 3389. */
const adminPort = (path: ConfigPath, port: number, hint: string): Problem[] =>
  ADMIN_PORT_NAMES[port] ? [problem(path, `port ${port} (${ADMIN_PORT_NAMES[port]}) is never opened: access is through Session Manager`, hint)] : [];

export const ec2Ingress: Rule = (c) =>
  eachWorkload(c, (a, i) => {
    const kinds = computeKinds(a);
    return a.ec2.flatMap((e, j) =>
      e.ingress.flatMap((rule, k) => {
        const path: ConfigPath = ["accounts", i, "ec2", j, "ingress", k];
        const out: Problem[] = adminPort([...path, "port"], rule.port, "remove this rule and use aws ssm start-session (port forwarding works too)");
        if (!kinds.has(rule.from)) out.push(problem([...path, "from"], `"${rule.from}" is not an ec2, ecs, batch or appRunner entry of this account`, `use one of ${[...kinds.keys()].join(", ")}`));
        return out;
      }),
    );
  });

/** The load balancer reaches an ECS service on its port, so the tasks' security group would admit SSH or RDP. */
export const ecsPorts: Rule = (c) =>
  eachWorkload(c, (a, i) =>
    a.ecs.flatMap((s, j) => adminPort(["accounts", i, "ecs", j, "port"], s.port, "serve the app on another port (e.g. 8080); for a shell in a task use executeCommand: true (aws ecs execute-command)")),
  );

export const instanceTypesKnown: Rule = (c) =>
  eachWorkload(c, (a, i) => [
    ...a.ec2.flatMap((e, j) => {
      const p = instanceTypeProblem(e.instanceType);
      return p ? [problem(["accounts", i, "ec2", j, "instanceType"], p.message, p.hint)] : [];
    }),
    ...a.batch.flatMap((b, j) =>
      (b.instanceTypes ?? []).flatMap((type, k) => {
        if (BATCH_INSTANCE_SELECTORS.includes(type)) return [];
        const p = instanceTypeProblem(type, true);
        return p ? [problem(["accounts", i, "batch", j, "instanceTypes", k], p.message, p.hint.startsWith("did you mean") ? p.hint : `${p.hint}; or let Batch choose with ${BATCH_INSTANCE_SELECTORS.join(", ")}`)] : [];
      }),
    ),
  ]);

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export const batchSubmitters: Rule = (c) =>
  eachWorkload(c, (a, i) =>
    a.batch.flatMap((b, j) =>
      b.submitters.flatMap((arn, k) => {
        const path: ConfigPath = ["accounts", i, "batch", j, "submitters", k];
        const m = ROLE_ARN.exec(arn);
        if (!m) return [problem(path, `"${arn}" is not an IAM role ARN`, "use arn:aws:iam::<account>:role/<name>")];
        if (a.id !== undefined && m[1] !== a.id) return [problem(path, `the role is in account ${m[1]}, not in ${a.name} (${a.id})`, "Batch has no resource policies: submitters must be roles of this account (have other teams assume one)")];
        return [];
      }),
    ),
  );

/** Each scratch path once, and no two whose task volumes would share a name (they differ only in punctuation). */
export const scratchPaths: Rule = (c) =>
  eachWorkload(c, (a, i) =>
    a.ecs.flatMap((s, j) => {
      const seen = new Map<string, number>();
      return s.scratch.flatMap((path, k) => {
        const key = path.replace(/[^A-Za-z0-9]/g, "-");
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, k);
          return [];
        }
        const what = s.scratch[first] === path ? "is listed twice" : `clashes with scratch[${first}] ("${s.scratch[first]}"): their volumes would share a name`;
        return [problem(["accounts", i, "ecs", j, "scratch", k], `"${path}" ${what}`, "list each scratch directory once, with paths that differ in more than punctuation")];
      });
    }),
  );

/** The compute rules, spread into RULES. */
export const COMPUTE_RULES: readonly RuleSpec[] = [
  reading(computeOnWorkloadsOnly, "accounts"),
  reading(uniqueComputeNames, "accounts"),
  reading(imagesResolve, "accounts"),
  reading(fargateSizes, "accounts"),
  reading(batchInstanceTypes, "accounts"),
  reading(instanceTypesKnown, "accounts"),
  reading(secretsByArn, "accounts"),
  reading(loadBalancerCertificates, "accounts", "homeRegion"),
  reading(autoscalingBounds, "accounts"),
  reading(ec2Ingress, "accounts"),
  reading(ecsPorts, "accounts"),
  reading(batchSubmitters, "accounts"),
  reading(scratchPaths, "accounts"),
];
