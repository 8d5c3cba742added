/** Builds the cdktf App for a resolved config: one stack per account and concern. */
import { App, Aspects, TerraformStack } from "cdktf";
import { relative, resolve } from "node:path";
import { LandingZoneConfig } from "./config/types";
import { HclStackSynthesizer } from "./hcl/synthesizer";
import { PolicyEngine } from "./policy/engine";
import { BootstrapStack } from "./stacks/bootstrap";
import { LoggingStack } from "./stacks/logging";
import { BOOTSTRAP } from "./stacks/names";
import { NetworkStack } from "./stacks/network";
import { OrganizationStack } from "./stacks/organization";
import { SecurityStack } from "./stacks/security";
import { WorkloadStack } from "./stacks/workload";
import "./token-stack-traces";

export interface BuildOptions {
  /** Directory cdktf writes to (stacks/<name>/cdk.tf.json below it). */
  readonly outdir: string;
  /** Directory holding bootstrap's local state before migration. @default <config dir>/.lz */
  readonly localStateDir: string;
  /** Write HCL (cdk.tf) instead of JSON. */
  readonly hcl?: boolean;
}

export interface LandingZoneApp {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly organization: OrganizationStack;
  readonly logging: LoggingStack;
  readonly network: NetworkStack;
  readonly security: SecurityStack;
  readonly workloads: readonly WorkloadStack[];
  /** Guardrails, run as an aspect on every stack; call `policy.finish()` after `app.synth()`. */
  readonly policy: PolicyEngine;
}

export function buildApp(config: LandingZoneConfig, options: BuildOptions): LandingZoneApp {
  const app = new App({ outdir: options.outdir, skipValidation: false, hclOutput: options.hcl ?? false });
  const bootstrapDir = resolve(options.outdir, "stacks", BOOTSTRAP);
  const bootstrap = new BootstrapStack(app, { config, localStatePath: relative(bootstrapDir, resolve(options.localStateDir, "bootstrap.tfstate")) });
  const organization = new OrganizationStack(app, config);
  const logging = new LoggingStack(app, config, organization.accountIdOf(config.loggingAccount), organization.organizationId);
  const network = new NetworkStack(app, config, organization.accountIdOf(config.networkAccount), {
    organizationId: organization.organizationId,
    organizationArn: organization.organizationArn,
  });
  const security = new SecurityStack(app, config, organization.accountIdOf(config.securityAccount), organization.organizationRootId);
  const workloads = config.workloads.map(
    (w) =>
      new WorkloadStack(app, config, w, {
        accountId: organization.accountIdOf(w),
        networkAccountId: organization.accountIdOf(config.networkAccount),
        organizationId: organization.organizationId,
        hub: network.hub,
      }),
  );
  // Every remote-state stack needs the state bucket, which bootstrap creates.
  for (const stack of [organization, logging, network, security, ...workloads]) stack.addDependency(bootstrap);
  // Guardrails and the HCL writer apply to every stack of the app, whatever adds it.
  const policy = new PolicyEngine();
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    Aspects.of(stack).add(policy.aspect);
    // cdktf 0.21 stacks read HCL mode only from SYNTH_HCL_OUTPUT, ignoring App's hclOutput.
    if (options.hcl) stack.synthesizer = new HclStackSynthesizer(stack);
  }
  return { app, bootstrap, organization, logging, network, security, workloads, policy };
}
