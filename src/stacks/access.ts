/**
 * access-<account>: the deployer role of one member account, created through
 * the organization's access role (OrganizationAccountAccessRole), the only role
 * a new account has. Every other stack of the account applies through the
 * deployer role, so this stack runs between the organization stack and them.
 * One small stack per account keeps one provider per stack: a single stack
 * holding every account's provider would start one provider process per
 * account on each plan.
 *
 * The SCPs let the access role create a role on the landing zone's path but
 * never change it: this stack's first apply creates the role, and re-plans
 * only read it. Changing the role later (its trust, description, policies) is
 * a deliberate act: see README "Deploying".
 */
import { Construct } from "constructs";
import { CiReadRole, DeployerRole, roleArn } from "../../modules/access";
import { READ_ONLY_ACCESS_ARN } from "../../modules/ci-roles";
import { Account, LandingZoneConfig } from "../config/types";
import { accountProvider, s3Backend } from "./account-stack";
import { accessStackName, ciPlanRoleName, ciReadRoleName, deployerRoleName, LZ_ROLE_PATH } from "./names";
import { LzStack } from "./lz-stack";
import { readOrganization } from "./contracts";

export class AccessStack extends LzStack {
  readonly deployer: DeployerRole;

  /** The member account's id is its literal id, or the organization stack's output for a vended account (contracts.ts). */
  constructor(scope: Construct, config: LandingZoneConfig, readonly account: Account) {
    const name = accessStackName(account.name);
    super(scope, name);
    s3Backend(this, config, name);
    const accountId = readOrganization(this, config).accountIdOf(account);
    accountProvider(this, "aws", config, name, { name: account.name, id: accountId, assumeRole: true, role: "access" });
    this.deployer = new DeployerRole(this, "deployer", {
      name: deployerRoleName(config.name),
      path: LZ_ROLE_PATH,
      trustedAccountId: config.organization.managementAccountId,
    });
    // CI (ci.github): the read-only role the management account's plan role assumes here.
    if (config.ci) {
      new CiReadRole(this, "ci-read", {
        name: ciReadRoleName(config.name),
        path: LZ_ROLE_PATH,
        trustedAccountId: config.organization.managementAccountId,
        trustedRoleArn: roleArn(config.organization.managementAccountId, LZ_ROLE_PATH, ciPlanRoleName(config.name)),
        managedPolicyArns: [READ_ONLY_ACCESS_ARN],
      });
    }
  }
}
