/** Builds the cdktf App for a resolved config: one stack per account and concern. */
import { App, Aspects, TerraformStack } from "cdktf";
import { relative, resolve } from "node:path";
import { LandingZoneConfig, WorkloadAccount } from "./config/types";
import { HclStackSynthesizer } from "./hcl/synthesizer";
import { PolicyEngine } from "./policy/engine";
import { AccessStack } from "./stacks/access";
import { BootstrapStack } from "./stacks/bootstrap";
import { CiRolesStack } from "./stacks/ci-roles";
import { IdentityCenterStack } from "./stacks/identity-center";
import { LoggingStack } from "./stacks/logging";
import { BOOTSTRAP } from "./stacks/names";
import { NetworkStack } from "./stacks/network";
import { OrganizationStack } from "./stacks/organization";
import { WorkloadStack } from "./stacks/workload";
import { RetiredWorkloadStack } from "./stacks/retired-workload";
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
  /** The active workload accounts' stacks. */
  readonly workloads: readonly WorkloadStack[];
  /** The retired workload accounts' stacks (same names), destroying their contents but the log archives. */
  readonly retired: readonly RetiredWorkloadStack[];
  /** access-<account> per member account, keyed by account name. */
  readonly access: ReadonlyMap<string, AccessStack>;
  /** People: IAM Identity Center, after every account stack (their baselines hold the policies its sets reference). */
  readonly identityCenter: IdentityCenterStack;
  /** ci-roles: GitHub's OIDC provider and CI's roles, only when the config has `ci`. */
  readonly ciRoles?: CiRolesStack;
  /** Guardrails, run as an aspect on every stack; call `policy.finish()` after `app.synth()`. */
  readonly policy: PolicyEngine;
}

export function buildApp(config: LandingZoneConfig, options: BuildOptions): LandingZoneApp {
  const app = new App({ outdir: options.outdir, skipValidation: false, hclOutput: options.hcl ?? false });
  const bootstrapDir = resolve(options.finalOutdir ?? options.outdir, "stacks", BOOTSTRAP);
  const bootstrap = new BootstrapStack(app, { config, localStatePath: relative(bootstrapDir, resolve(options.localStateDir, "bootstrap.tfstate")) });
  const organization = new OrganizationStack(app, config);
  const logging = new LoggingStack(app, config, organization.accountIdOf(config.loggingAccount), organization.organizationId);
  const network = new NetworkStack(app, config, organization.accountIdOf(config.networkAccount), {
    organizationId: organization.organizationId,
    organizationArn: organization.organizationArn,
  });
  const workloadProps = (w: WorkloadAccount) => ({
    accountId: organization.accountIdOf(w),
    networkAccountId: organization.accountIdOf(config.networkAccount),
    organizationId: organization.organizationId,
    hub: network.hub,
  });
  const workloads = config.workloads.filter((w) => !w.retired).map((w) => new WorkloadStack(app, config, w, workloadProps(w)));
  // lz retire: the same stack name, planning the destruction of the account's contents (log archives kept).
  const retired = config.workloads.filter((w) => w.retired).map((w) => new RetiredWorkloadStack(app, config, w, workloadProps(w)));
  // Each member account's deployer role, created through the organization's access role.
  const access = new Map(config.accounts.map((a) => [a.name, new AccessStack(app, config, a, organization.accountIdOf(a))]));
  const accessOf = (account: string): AccessStack => access.get(account)!;
  // Every remote-state stack needs the state bucket, which bootstrap creates.
  for (const stack of [organization, ...access.values(), logging, network, ...workloads, ...retired]) stack.addDependency(bootstrap);
  // organization (SCPs, accounts) -> access-<account> -> the account's stacks, which apply through its deployer role.
  for (const stack of access.values()) stack.addDependency(organization);
  logging.addDependency(accessOf(config.loggingAccount.name));
  network.addDependency(accessOf(config.networkAccount.name));
  // A workload also acts in the network account through the hub role, which the network stack creates.
  for (const w of [...workloads, ...retired]) w.addDependency(accessOf(w.account.name)), w.addDependency(network);
  // People: IAM Identity Center, after every account stack (their baselines hold the policies its sets reference).
  const identityCenter = new IdentityCenterStack(app, config, (account) => organization.accountIdOf(account));
  for (const stack of [organization, logging, network, ...workloads, ...retired]) identityCenter.addDependency(stack);
  identityCenter.addDependency(bootstrap);
  // CI's OIDC provider and roles, in the management account, once the state bucket exists.
  const ciRoles = config.ci ? new CiRolesStack(app, config, config.ci.github) : undefined;
  ciRoles?.addDependency(bootstrap);
  // Guardrails and the HCL writer apply to every stack of the app, whatever adds it.
  const policy = new PolicyEngine();
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    Aspects.of(stack).add(policy.aspect);
    // cdktf 0.21 stacks read HCL mode only from SYNTH_HCL_OUTPUT, ignoring App's hclOutput.
    if (options.hcl) stack.synthesizer = new HclStackSynthesizer(stack);
  }
  return { app, bootstrap, organization, logging, network, workloads, retired, access, identityCenter, ciRoles, policy };
}
