/** Resolved compute of a workload account: defaults applied, images and references resolved. */
import { ImageRef } from "./images";

export type { ImageRef };

/** The kinds of compute entry that own a security group another entry can reference. */
export type ComputeKind = "ec2" | "ecs" | "batch" | "appRunner";

export interface ComputeRef {
  readonly kind: ComputeKind;
  readonly name: string;
}

export interface Ec2Group {
  readonly name: string;
  readonly instanceType: string;
  readonly count: number;
  readonly volumeSize: number;
  /** Explicit AMI; undefined means the latest Amazon Linux 2023 from SSM. */
  readonly ami?: string;
  /** Ports opened to another compute entry's security group. */
  readonly ingress: readonly { readonly port: number; readonly from: ComputeRef }[];
  readonly patchSchedule: string;
}

export interface EcsLoadBalancer {
  readonly internetFacing: boolean;
  readonly certificateArn: string;
  readonly healthCheckPath: string;
}

export interface EcsService {
  readonly name: string;
  readonly image: ImageRef;
  readonly cpu: number;
  readonly memory: number;
  readonly port: number;
  readonly desiredCount: number;
  readonly autoscaling: { readonly min: number; readonly max: number; readonly cpuTarget: number };
  readonly secrets: Readonly<Record<string, string>>;
  readonly environment: Readonly<Record<string, string>>;
  readonly command?: readonly string[];
  /** Absolute paths mounted as writable task-storage volumes under the read-only root. */
  readonly scratch: readonly string[];
  readonly executeCommand: boolean;
  readonly loadBalancer?: EcsLoadBalancer;
}

export interface BatchJob {
  readonly name: string;
  readonly image: ImageRef;
  readonly vcpus: number;
  readonly memory: number;
  readonly command?: readonly string[];
  readonly secrets: Readonly<Record<string, string>>;
  readonly environment: Readonly<Record<string, string>>;
  readonly retries: number;
  readonly timeoutSeconds: number;
}

export interface BatchEnvironment {
  readonly name: string;
  readonly platform: "fargate" | "ec2";
  readonly maxVcpus: number;
  /** ec2 only. */
  readonly instanceTypes: readonly string[];
  readonly jobs: readonly BatchJob[];
  /** IAM role ARNs in this account that may submit jobs here. */
  readonly submitters: readonly string[];
}

export interface AppRunnerService {
  readonly name: string;
  readonly image: ImageRef;
  readonly cpu: number;
  readonly memory: number;
  readonly port: number;
  readonly secrets: Readonly<Record<string, string>>;
  readonly environment: Readonly<Record<string, string>>;
  readonly healthCheckPath: string;
  readonly public: boolean;
  readonly autoscaling: { readonly min: number; readonly max: number; readonly maxConcurrency: number };
}

export interface WorkloadCompute {
  /** ECR repository names. */
  readonly ecr: readonly string[];
  readonly ec2: readonly Ec2Group[];
  readonly ecs: readonly EcsService[];
  readonly batch: readonly BatchEnvironment[];
  readonly appRunner: readonly AppRunnerService[];
}

/**
 * True when a workload's compute puts an AWS WAF web ACL in front of something: every internet-facing
 * ECS load balancer has one (modules/compute/ecs, `waf` defaults to internet-facing). Its WAF logs reach
 * the logging account, so the stack reads the logging stack's WAF log destination.
 */
export const hasWebAcl = (compute: Pick<WorkloadCompute, "ecs">): boolean => compute.ecs.some((s) => s.loadBalancer?.internetFacing === true);
