/**
 * # identity-center
 * People's access through IAM Identity Center, from the account that
 * administers it (the management account): permission sets with their AWS
 * managed, customer managed and inline policies and permissions boundary, and
 * group assignments per account.
 *
 * The organization's Identity Center instance is read with
 * `data aws_ssoadmin_instances` (there is one per organization, enabled once in
 * the console), groups by display name with `data aws_identitystore_group`, so
 * a group that does not exist fails the plan, not the apply.
 *
 * A customer managed policy must exist, under the same name and path, in every
 * account a set using it is provisioned to, or provisioning fails
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/howtocmp.html).
 *
 * Construct ids derive from names: `set-<name>`, `group-<display name>`,
 * `assign-<group>-<set>-<account>`, so reordering changes nothing.
 */
import { DataAwsIdentitystoreGroup } from "@cdktf/provider-aws/lib/data-aws-identitystore-group";
import { DataAwsSsoadminInstances } from "@cdktf/provider-aws/lib/data-aws-ssoadmin-instances";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment";
import { SsoadminCustomerManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-customer-managed-policy-attachment";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set";
import { SsoadminPermissionSetInlinePolicy } from "@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy";
import { SsoadminPermissionsBoundaryAttachment } from "@cdktf/provider-aws/lib/ssoadmin-permissions-boundary-attachment";
import { Fn, TerraformResource, Token } from "cdktf";
import { Construct } from "constructs";

export interface CustomerManagedPolicyRef {
  readonly name: string;
  /** @default "/" */
  readonly path?: string;
}

export interface PermissionSetSpec {
  /** Name shown in the access portal, 1-32 characters. */
  readonly name: string;
  readonly description?: string;
  /**
   * ISO-8601 duration of a session, 1 to 12 hours.
   * @default "PT1H"
   */
  readonly sessionDuration?: string;
  /** AWS managed policy ARNs. @default [] */
  readonly managedPolicyArns?: readonly string[];
  /** Customer managed policies, by name and path, that exist in every target account. @default [] */
  readonly customerManagedPolicies?: readonly CustomerManagedPolicyRef[];
  /** An inline IAM policy document (serialized at synth). @default none */
  readonly inlinePolicy?: Readonly<Record<string, unknown>>;
  /** Bound on what sessions may do: an AWS managed policy ARN or a customer managed policy. @default none */
  readonly permissionsBoundary?: {
    readonly managedPolicyArn?: string;
    readonly customerManagedPolicy?: CustomerManagedPolicyRef;
  };
}

export interface AssignmentSpec {
  /** Display name of the identity-store group. */
  readonly group: string;
  /** Name of a permission set in `permissionSets`. */
  readonly permissionSet: string;
  /** Account name, for construct ids. */
  readonly accountName: string;
  /** Account id: a literal, or a reference to the account resource of a vended account. */
  readonly accountId: string;
}

export interface IdentityCenterProps {
  readonly permissionSets: readonly PermissionSetSpec[];
  /** @default [] */
  readonly assignments?: readonly AssignmentSpec[];
}

const idPart = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, "_");

export class IdentityCenter extends Construct {
  /** ARN of the organization's Identity Center instance. */
  readonly instanceArn: string;
  /** Id of its identity store. */
  readonly identityStoreId: string;
  /** Permission sets by name. */
  readonly permissionSets: Readonly<Record<string, SsoadminPermissionSet>> = {};
  /** Group lookups by display name. */
  readonly groups: Readonly<Record<string, DataAwsIdentitystoreGroup>> = {};

  constructor(scope: Construct, id: string, props: IdentityCenterProps) {
    super(scope, id);
    const instances = new DataAwsSsoadminInstances(this, "instance", {});
    this.instanceArn = Token.asString(Fn.element(instances.arns, 0));
    this.identityStoreId = Token.asString(
      Fn.element(instances.identityStoreIds, 0)
    );
    const instanceArn = this.instanceArn;
    const sets = this.permissionSets as Record<string, SsoadminPermissionSet>;
    const groups = this.groups as Record<string, DataAwsIdentitystoreGroup>;
    /** Each set's policy attachments: an assignment waits for them, so the set is provisioned with all its policies. */
    const attachments = new Map<string, TerraformResource[]>();

    for (const spec of props.permissionSets) {
      const key = `set-${idPart(spec.name)}`;
      const set = new SsoadminPermissionSet(this, key, {
        name: spec.name,
        description: spec.description,
        instanceArn,
        sessionDuration: spec.sessionDuration ?? "PT1H",
      });
      sets[spec.name] = set;
      const parts: TerraformResource[] = [];
      attachments.set(spec.name, parts);
      const permissionSetArn = set.arn;
      for (const arn of spec.managedPolicyArns ?? []) {
        parts.push(
          new SsoadminManagedPolicyAttachment(
            this,
            `${key}-aws-${idPart(arn.split(":policy/")[1] ?? arn)}`,
            { instanceArn, permissionSetArn, managedPolicyArn: arn }
          )
        );
      }
      for (const ref of spec.customerManagedPolicies ?? []) {
        parts.push(
          new SsoadminCustomerManagedPolicyAttachment(
            this,
            `${key}-customer-${idPart(ref.name)}`,
            {
              instanceArn,
              permissionSetArn,
              customerManagedPolicyReference: {
                name: ref.name,
                path: ref.path ?? "/",
              },
            }
          )
        );
      }
      if (spec.inlinePolicy) {
        parts.push(
          new SsoadminPermissionSetInlinePolicy(this, `${key}-inline`, {
            instanceArn,
            permissionSetArn,
            inlinePolicy: JSON.stringify(spec.inlinePolicy),
          })
        );
      }
      const boundary = spec.permissionsBoundary;
      if (boundary?.managedPolicyArn || boundary?.customerManagedPolicy) {
        parts.push(
          new SsoadminPermissionsBoundaryAttachment(this, `${key}-boundary`, {
            instanceArn,
            permissionSetArn,
            permissionsBoundary: boundary.managedPolicyArn
              ? { managedPolicyArn: boundary.managedPolicyArn }
              : {
                  customerManagedPolicyReference: {
                    name: boundary.customerManagedPolicy!.name,
                    path: boundary.customerManagedPolicy!.path ?? "/",
                  },
                },
          })
        );
      }
    }

    for (const a of props.assignments ?? []) {
      const set = sets[a.permissionSet];
      if (!set)
        throw new Error(
          `assignment of ${a.group} to ${a.accountName}: no permission set "${a.permissionSet}"`
        );
      groups[a.group] ??= new DataAwsIdentitystoreGroup(
        this,
        `group-${idPart(a.group)}`,
        {
          identityStoreId: this.identityStoreId,
          alternateIdentifier: {
            uniqueAttribute: {
              attributePath: "DisplayName",
              attributeValue: a.group,
            },
          },
        }
      );
      new SsoadminAccountAssignment(
        this,
        `assign-${idPart(a.group)}-${idPart(a.permissionSet)}-${idPart(
          a.accountName
        )}`,
        {
          instanceArn,
          permissionSetArn: set.arn,
          principalType: "GROUP",
          principalId: groups[a.group].groupId,
          targetType: "AWS_ACCOUNT",
          targetId: a.accountId,
          dependsOn: attachments.get(a.permissionSet),
        }
      );
    }
  }
}
