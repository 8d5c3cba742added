/** Builds the cdktf App for a resolved config: one stack per account and concern. */
import { App, Aspects, TerraformStack } from "cdktf";
import { relative, resolve } from "node:path";
import { LandingZoneConfig } from "./config/types";
import { HclStackSynthesizer } from "./hcl/synthesizer";
import { PolicyEngine } from "./policy/engine";
import { AccessStack } from "./stacks/access";
import { BootstrapStack } from "./stacks/bootstrap";
import { IdentityCenterStack } from "./stacks/identity-center";
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
  /**
   * Where the stacks end up when `outdir` is a staging directory moved there
   * after synth: bootstrap's local state path is relative to it.
   * @default outdir
   */
  readonly finalOutdir?: string;
}

export interface LandingZoneApp {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly organization: OrganizationStack;
  readonly logging: LoggingStack;
  readonly network: NetworkStack;
  readonly security: SecurityStack;
  readonly workloads: readonly WorkloadStack[];
  /** access-<account> per member account, keyed by account name. */
  readonly access: ReadonlyMap<string, AccessStack>;
  /** People: IAM Identity Center, after every account stack (their baselines hold the policies its sets reference). */
  readonly identityCenter: IdentityCenterStack;
  /** Guardrails, run as an aspect on every stack; call `policy.finish()` after `app.synth()`. */
  readonly policy: PolicyEngine;
}

export function buildApp(config: LandingZoneConfig, options: BuildOptions): LandingZoneApp {
  const app = new App({ outdir: options.outdir, skipValidation: false, hclOutput: options.hcl ?? false });
  const bootstrapDir = resolve(options.finalOutdir ?? options.outdir, "stacks", BOOTSTRAP);
  const bootstrap = new BootstrapStack(app, { config, localStatePath: relative(bootstrapDir, resolve(options.localStateDir, "bootstrap.tfstate")) });
  const organization = new OrganizationStack(app, config);
  const accountIds = [config.organization.managementAccountId, ...config.accounts.map((a) => organization.accountIdOf(a))];
  const logging = new LoggingStack(app, config, organization.accountIdOf(config.loggingAccount), organization.organizationId, accountIds, organization.accountIdOf(config.securityAccount));
  // Every account's AWS Config recorders deliver to the logging stack's Config bucket (so those stacks apply after it).
  const configDelivery = logging.configDelivery;
  const network = new NetworkStack(
    app,
    config,
    organization.accountIdOf(config.networkAccount),
    { organizationId: organization.organizationId, organizationArn: organization.organizationArn },
    configDelivery,
  );
  const security = new SecurityStack(app, config, organization.accountIdOf(config.securityAccount), organization.organizationRootId, configDelivery, logging.guardDutyFindings);
  const workloads = config.workloads.map(
    (w) =>
      new WorkloadStack(app, config, w, {
        accountId: organization.accountIdOf(w),
        networkAccountId: organization.accountIdOf(config.networkAccount),
        organizationId: organization.organizationId,
        hub: network.hub,
        configDelivery,
      }),
  );
  // Each member account's deployer role, created through the organization's access role.
  const access = new Map(config.accounts.map((a) => [a.name, new AccessStack(app, config, a, organization.accountIdOf(a))]));
  const accessOf = (account: string): AccessStack => access.get(account)!;
  // Every remote-state stack needs the state bucket, which bootstrap creates.
  for (const stack of [organization, ...access.values(), logging, network, security, ...workloads]) stack.addDependency(bootstrap);
  // organization (SCPs, accounts) -> access-<account> -> the account's stacks, which apply through its deployer role.
  for (const stack of access.values()) stack.addDependency(organization);
  logging.addDependency(accessOf(config.loggingAccount.name));
  network.addDependency(accessOf(config.networkAccount.name));
  security.addDependency(accessOf(config.securityAccount.name));
  // A workload also acts in the network account through the hub role, which the network stack creates.
  for (const w of workloads) w.addDependency(accessOf(w.account.name)), w.addDependency(network);
  // AWS Config's organization rules deploy only to accounts with a recorder: the security stack
  // (rules, and the management account's recorders) applies after every account stack's recorders.
  if (configDelivery) for (const stack of [logging, network, ...workloads]) security.addDependency(stack);
  // GuardDuty exports to the logging stack's findings bucket.
  security.addDependency(logging);
  // People: IAM Identity Center, after every account stack (their baselines hold the policies its sets reference).
  const identityCenter = new IdentityCenterStack(app, config, (account) => organization.accountIdOf(account));
  for (const stack of [organization, logging, network, security, ...workloads]) identityCenter.addDependency(stack);
  identityCenter.addDependency(bootstrap);
  // Guardrails and the HCL writer apply to every stack of the app, whatever adds it.
  const policy = new PolicyEngine();
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    Aspects.of(stack).add(policy.aspect);
    // cdktf 0.21 stacks read HCL mode only from SYNTH_HCL_OUTPUT, ignoring App's hclOutput.
    if (options.hcl) stack.synthesizer = new HclStackSynthesizer(stack);
  }
  return { app, bootstrap, organization, logging, network, security, workloads, access, identityCenter, policy };
}
