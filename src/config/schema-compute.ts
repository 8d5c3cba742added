/**
 * The compute part of a workload account's entry: ECR repositories, EC2
 * groups, ECS Fargate services, Batch environments and App Runner services.
 *
 * Shapes and single-value formats only; everything that relates two values
 * (valid Fargate cpu/memory pairs, images naming a repository of the account,
 * unique names, certificate regions…) is a rule in `rules-compute.ts`.
 */
import { z } from "zod";

/** Names of compute entries: they become construct ids and resource names. */
export const COMPUTE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** ECR's own repository name grammar (namespaces with '/'). */
export const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const computeName = z.string().regex(COMPUTE_NAME, { error: "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter" });
const port = z.number().int().min(1).max(65535);
const tag = z.string().regex(/^[\w][\w.-]{0,127}$/, { error: "must be an image tag: letters, digits, '_', '.', '-' (at most 128)" });
/** A repository name from this account's `ecr` list, or a full image URI such as public.ecr.aws/nginx/nginx:1.27. */
const image = z.string().min(1);
/** An absolute, normalized directory path such as /tmp or /var/cache/nginx. */
export const SCRATCH_PATH = /^(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+)+$/;
const scratchPath = z.string().regex(SCRATCH_PATH, {
  error: "must be an absolute directory path such as /tmp or /var/cache/nginx (segments of letters, digits, '.', '_' and '-', no '.' or '..', no trailing '/')",
});
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "must be an environment variable name" });
/** NAME: ARN of a Secrets Manager secret or SSM parameter; injected by the platform, never as plain environment. */
const secrets = z.record(envName, z.string()).default({});
/** Plain, non-secret environment variables. Anything secret goes in `secrets`. */
const environment = z.record(envName, z.string()).default({});

export const ec2Schema = z.strictObject({
  name: computeName,
  /** EC2 instance type, e.g. t3.micro (Graviton types such as t4g.micro get the arm64 AMI). */
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, { error: "must be an instance type such as t3.micro" }),
  /** Instances, spread over the account's availability zones. */
  count: z.number().int().min(1).max(50).default(1),
  /** Root volume size in GiB (gp3, encrypted with the account key). */
  volumeSize: z.number().int().min(8).max(16384).default(20),
  /** AMI id. @default the latest Amazon Linux 2023 image from the public SSM parameter */
  ami: z.string().regex(/^ami-[0-9a-f]{8,17}$/, { error: "must be an AMI id such as ami-0123456789abcdef0" }).optional(),
  /** Ports opened to another compute entry (ec2, ecs, batch or appRunner name) of this account. No other ingress exists. */
  ingress: z.array(z.strictObject({ port, from: z.string() })).default([]),
  /** When SSM patches the instances (AWS-RunPatchBaseline, Install). */
  patchSchedule: z.string().regex(/^(cron|rate)\(.+\)$/, { error: "must be a cron(...) or rate(...) expression" }).default("cron(0 3 ? * SUN *)"),
});

export const ecsSchema = z.strictObject({
  name: computeName,
  image,
  /** Tag of an `ecr` repository image. @default latest */
  tag: tag.optional(),
  /** Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384. */
  cpu: z.number().int(),
  /** Fargate memory in MiB; must be valid for `cpu`. */
  memory: z.number().int(),
  /** Container port the app listens on. */
  port,
  /** Tasks to start with (autoscaling then manages the count). */
  desiredCount: z.number().int().min(0).max(1000).default(1),
  /** Target tracking on average CPU. @default min = desiredCount, max = 4 × desiredCount, cpuTarget 60 */
  autoscaling: z
    .strictObject({
      min: z.number().int().min(0).max(1000),
      max: z.number().int().min(1).max(1000),
      cpuTarget: z.number().int().min(10).max(90).default(60),
    })
    .optional(),
  secrets,
  environment,
  /** Override the image's command. */
  command: z.array(z.string()).optional(),
  /**
   * Writable scratch directories under the read-only root file system: each is an empty Fargate
   * task-storage volume mounted read-write at that path (made writable for non-root users too),
   * gone when the task stops. List every path the image writes to (nginx-unprivileged: /tmp).
   */
  scratch: z.array(scratchPath).max(10).default(["/tmp"]),
  /** Allow `aws ecs execute-command` into tasks (logged to a KMS-encrypted log group). */
  executeCommand: z.boolean().default(false),
  /** An Application Load Balancer in front of the service: HTTPS only (HTTP redirects). */
  loadBalancer: z
    .strictObject({
      /** In public subnets for the internet (with AWS WAF), or internal to the VPC. */
      internetFacing: z.boolean().default(false),
      /** ACM certificate ARN for the HTTPS listener, in homeRegion. */
      certificateArn: z.string().optional(),
      healthCheckPath: z.string().regex(/^\/\S*$/, { error: "must be a path starting with /" }).default("/"),
    })
    .optional(),
});

export const batchJobSchema = z.strictObject({
  name: computeName,
  image,
  tag: tag.optional(),
  /** vCPUs: on fargate 0.25, 0.5, 1, 2, 4, 8 or 16; on ec2 a whole number. */
  vcpus: z.number().positive(),
  /** Memory in MiB; on fargate it must be valid for `vcpus`. */
  memory: z.number().int().positive(),
  command: z.array(z.string()).optional(),
  secrets,
  environment,
  /** Attempts before a job is FAILED. */
  retries: z.number().int().min(1).max(10).default(1),
  /** Seconds before a running attempt is stopped. */
  timeoutSeconds: z.number().int().min(60).default(3600),
});

export const batchSchema = z.strictObject({
  name: computeName,
  platform: z.enum(["fargate", "ec2"]).default("fargate"),
  /** Upper bound of each compute environment. */
  maxVcpus: z.number().int().min(1).max(10000).default(16),
  /** ec2 only: instance types (m6i.large) or families (m6i) for the compute environments, or optimal, default_x86_64, default_arm64 to let Batch choose. */
  instanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9-]+)?$/, { error: "must be an instance type or family such as m6i.large, m6i or optimal" })).min(1).optional(),
  jobs: z.array(batchJobSchema).min(1),
  /** IAM role ARNs in this account allowed to submit to these queues and job definitions only. */
  submitters: z.array(z.string()).default([]),
});

export const appRunnerSchema = z.strictObject({
  name: computeName,
  /** A repository of this account's `ecr` list, or an ECR / ECR Public image URI. */
  image,
  tag: tag.optional(),
  /** CPU units: 256, 512, 1024, 2048 or 4096. */
  cpu: z.number().int().default(1024),
  /** Memory in MiB; must be valid for `cpu`. */
  memory: z.number().int().default(2048),
  port: port.default(8080),
  secrets,
  environment,
  healthCheckPath: z.string().regex(/^\/\S*$/, { error: "must be a path starting with /" }).default("/"),
  /** Reachable from the internet. Off: reachable only through an App Runner VPC ingress connection. */
  public: z.boolean().default(false),
  autoscaling: z
    .strictObject({
      min: z.number().int().min(1).max(25).default(1),
      max: z.number().int().min(1).max(25).default(5),
      maxConcurrency: z.number().int().min(1).max(200).default(100),
    })
    .default({ min: 1, max: 5, maxConcurrency: 100 }),
});

/** Keys merged into an account entry (workload accounts only, see rules-compute.ts). */
export const computeShape = {
  /** ECR repositories of this account: scan on push, immutable tags, KMS. */
  ecr: z.array(z.string().regex(ECR_REPOSITORY_NAME, { error: "must be an ECR repository name: lowercase letters, digits, '.', '_', '-' and '/'" })).default([]),
  ec2: z.array(ec2Schema).default([]),
  ecs: z.array(ecsSchema).default([]),
  batch: z.array(batchSchema).default([]),
  appRunner: z.array(appRunnerSchema).default([]),
};

export type ParsedEc2 = z.output<typeof ec2Schema>;
export type ParsedEcs = z.output<typeof ecsSchema>;
export type ParsedBatch = z.output<typeof batchSchema>;
export type ParsedBatchJob = z.output<typeof batchJobSchema>;
export type ParsedAppRunner = z.output<typeof appRunnerSchema>;
