/**
 * ci-roles: GitHub Actions' OIDC provider and CI's plan and apply roles, in the management account, when
 * `ci.github` is set (see modules/ci-roles for what each role may do and who may assume it). Applied once
 * after bootstrap, with an administrator's credentials: CI cannot create its own way in.
 */
import { Construct } from "constructs";
import { GithubCiRoles } from "../../modules/ci-roles";
import { roleArn } from "../../modules/access";
import { LandingZoneConfig } from "../config/types";
import { AccountStack } from "./account-stack";
import { CI_ROLES, ciApplyRoleName, ciPlanRoleName, ciReadRoleName, LZ_ROLE_PATH, stateKeyAlias } from "./names";

export class CiRolesStack extends AccountStack {
  readonly roles: GithubCiRoles;

  constructor(scope: Construct, config: LandingZoneConfig, github: NonNullable<LandingZoneConfig["ci"]>["github"]) {
    // The management account's baseline belongs to the organization stack.
    super(scope, CI_ROLES, config, { name: "management", id: config.organization.managementAccountId, assumeRole: false }, { baseline: false });
    this.roles = new GithubCiRoles(this, "github", {
      repository: github.repository,
      environment: github.environment,
      branch: github.branch,
      planRoleName: ciPlanRoleName(config.name),
      applyRoleName: ciApplyRoleName(config.name),
      path: LZ_ROLE_PATH,
      stateBucket: config.state.bucket,
      stateKeyRegion: config.state.region,
      stateKeyAccountId: config.organization.managementAccountId,
      stateKeyAlias: stateKeyAlias(config.name),
      memberReadRoleArn: roleArn("*", LZ_ROLE_PATH, ciReadRoleName(config.name)),
    });
  }
}
