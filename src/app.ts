/** Builds the cdktf App for a resolved config: one stack per account and concern. */
import { App, TerraformStack } from "cdktf";
import { relative, resolve } from "node:path";
import { LandingZoneConfig } from "./config/types";
import { HclStackSynthesizer } from "./hcl/synthesizer";
import { JsonStackSynthesizer } from "./stacks/json-synthesizer";
import { PolicyEngine } from "./policy/engine";
import { AccessStack } from "./stacks/access";
import { BootstrapStack } from "./stacks/bootstrap";
import { CiRolesStack } from "./stacks/ci-roles";
import { identityCenterAdministrator, IdentityCenterStack } from "./stacks/identity-center";
import { LoggingStack } from "./stacks/logging";
import { upstreamStacks, wafLogSenders } from "./stacks/contracts";
import { accessStackName, BOOTSTRAP, CI_ROLES, IDENTITY_CENTER, LOGGING, NETWORK, ORGANIZATION, SECURITY } from "./stacks/names";
import { NetworkStack } from "./stacks/network";
import { OrganizationStack } from "./stacks/organization";
import { SecurityStack } from "./stacks/security";
import { WorkloadStack } from "./stacks/workload";
import { RetiredWorkloadStack } from "./stacks/retired-workload";
import "./fast-expressions";
import "./fast-elements";
import "./token-stack-traces";
import "./terraform-version-check";

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
  /**
   * Build only these stacks (`lz synth --stacks`); each reads the others' contracts through remote state.
   * @default every stack of the config
   */
  readonly stacks?: readonly string[];
}

export interface LandingZoneApp {
  readonly app: App;
  /** The stacks built, by name: every stack of the config, or the ones `BuildOptions.stacks` names. */
  readonly stacks: ReadonlyMap<string, TerraformStack>;
  /** Every stack of the config and the stacks it applies after, whether built or not (the manifest's dependencies). */
  readonly graph: ReadonlyMap<string, readonly string[]>;
  /** Guardrails, run on every stack as it is written; call `policy.finish()` after `app.synth()`. */
  readonly policy: PolicyEngine;
}

/**
 * Every stack of a config, in construction order, with the stacks it applies after: one place for the
 * waves. Stacks share values only through the contracts in src/stacks/contracts.ts; each of these edges
 * is a state a stack reads, a role it assumes or a resource it needs:
 * - every remote-state stack needs the state bucket, which bootstrap creates;
 * - organization (SCPs, accounts) -> access-<account> -> the account's stacks, which apply through its deployer role;
 * - logging, network and each workload read the organization's contract; a workload also the network's
 *   (and acts in the network account through the hub role, which the network stack creates);
 * - identity-center after every account stack (their baselines hold the policies its sets reference).
 */
export function stackGraph(config: LandingZoneConfig): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  graph.set(BOOTSTRAP, []);
  graph.set(ORGANIZATION, [BOOTSTRAP]);
  graph.set(LOGGING, [BOOTSTRAP, accessStackName(config.loggingAccount.name), ORGANIZATION]);
  graph.set(NETWORK, [BOOTSTRAP, accessStackName(config.networkAccount.name), ORGANIZATION]);
  for (const w of config.workloads) graph.set(w.stackName, [BOOTSTRAP, accessStackName(w.name), NETWORK, ORGANIZATION]);
  // AWS Config: every account's recorders deliver to the logging stack's Config bucket (its contract).
  // AWS WAF logs: a workload with a web ACL subscribes it to the logging stack's destination, which must exist
  // (and name the account in its policy) before the subscription filter is created.
  const wafSenders = new Set(wafLogSenders(config).map((w) => w.stackName));
  for (const name of [NETWORK, ...config.workloads.map((w) => w.stackName)]) if (config.securityServices.config || wafSenders.has(name)) graph.get(name)!.push(LOGGING);
  // The security services, administered from the security account: after the logging stack (Config bucket,
  // GuardDuty findings bucket) and, with AWS Config, after every account stack's recorders, since
  // organization rules deploy only to accounts with a recorder.
  graph.set(SECURITY, [BOOTSTRAP, accessStackName(config.securityAccount.name), ORGANIZATION, LOGGING, ...(config.securityServices.config ? [NETWORK, ...config.workloads.map((w) => w.stackName)] : [])]);
  for (const a of config.accounts) graph.set(accessStackName(a.name), [BOOTSTRAP, ORGANIZATION]);
  // CI's roles need only the state bucket (the plan role's policy names it).
  if (config.ci) graph.set(CI_ROLES, [BOOTSTRAP]);
  // A delegated administrator applies identity-center through its deployer role, which its access stack creates.
  const identityCenterAdmin = identityCenterAdministrator(config);
  graph.set(IDENTITY_CENTER, [ORGANIZATION, LOGGING, NETWORK, SECURITY, ...config.workloads.map((w) => w.stackName), BOOTSTRAP, ...(identityCenterAdmin ? [accessStackName(identityCenterAdmin.name)] : [])]);
  return graph;
}

/** Adds a manifest dependency from every stack to each built stack whose contract it reads (src/stacks/contracts.ts). */
export function dependOnUpstreams(app: App): void {
  const stacks = app.node.children.filter(TerraformStack.isStack);
  const byName = new Map(stacks.map((s) => [s.node.id, s]));
  for (const stack of stacks) {
    for (const name of upstreamStacks(stack)) {
      const producer = byName.get(name);
      if (producer && !stack.dependencies.includes(producer)) stack.addDependency(producer);
    }
  }
}

export function buildApp(config: LandingZoneConfig, options: BuildOptions): LandingZoneApp {
  const app = new App({ outdir: options.outdir, skipValidation: false, hclOutput: options.hcl ?? false });
  const graph = stackGraph(config);
  const wanted = (name: string) => !options.stacks || options.stacks.includes(name);
  const bootstrapDir = resolve(options.finalOutdir ?? options.outdir, "stacks", BOOTSTRAP);
  // Each stack is built alone: no stack takes another's objects, only its contract (src/stacks/contracts.ts).
  const factories = new Map<string, () => TerraformStack>([
    [BOOTSTRAP, () => new BootstrapStack(app, { config, localStatePath: relative(bootstrapDir, resolve(options.localStateDir, "bootstrap.tfstate")) })],
    [ORGANIZATION, () => new OrganizationStack(app, config)],
    [LOGGING, () => new LoggingStack(app, config)],
    [NETWORK, () => new NetworkStack(app, config)],
    // lz retire: a retired account's stack keeps its name and plans the destruction of its contents (log archives kept).
    ...config.workloads.map((w) => [w.stackName, () => (w.retired ? new RetiredWorkloadStack(app, config, w) : new WorkloadStack(app, config, w))] as const),
    [SECURITY, () => new SecurityStack(app, config)],
    // Each member account's deployer role, created through the organization's access role.
    ...config.accounts.map((a) => [accessStackName(a.name), () => new AccessStack(app, config, a)] as const),
    // People: IAM Identity Center, after every account stack (their baselines hold the policies its sets reference).
    [IDENTITY_CENTER, () => new IdentityCenterStack(app, config)],
    // CI's OIDC provider and roles, in the management account, only when the config has `ci`.
    ...(config.ci ? [[CI_ROLES, () => new CiRolesStack(app, config, config.ci!.github)] as const] : []),
  ]);
  const stacks = new Map<string, TerraformStack>();
  for (const [name, make] of factories) if (wanted(name)) stacks.set(name, make());
  for (const [name, stack] of stacks) {
    for (const upstream of graph.get(name) ?? []) {
      const producer = stacks.get(upstream);
      if (producer && !stack.dependencies.includes(producer)) stack.addDependency(producer);
    }
  }
  // A stack that reads another's contract through remote state applies after it (a reader the graph misses).
  dependOnUpstreams(app);
  // Guardrails and the HCL writer apply to every stack of the app, whatever adds it.
  const policy = new PolicyEngine();
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    const check = (s: TerraformStack) => policy.check(s);
    // cdktf 0.21 stacks read HCL mode only from SYNTH_HCL_OUTPUT, ignoring App's hclOutput.
    stack.synthesizer = options.hcl ? new HclStackSynthesizer(stack, check) : new JsonStackSynthesizer(stack, check);
  }
  return { app, stacks, graph, policy };
}
