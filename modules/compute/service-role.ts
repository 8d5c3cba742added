/**
 * An IAM role that one AWS service assumes on behalf of this account, with
 * the confused-deputy guard (`aws:SourceAccount`), optional AWS-managed
 * policies and one inline least-privilege policy built from statements.
 * Shared by the compute modules so every role looks the same.
 */
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { awsManagedPolicyArn } from "../../aws/iam";

export interface ServiceRoleProps {
  /** Role name (at most 64 characters). */
  readonly name: string;
  /** Service principal that assumes the role, e.g. ecs-tasks.amazonaws.com. */
  readonly service: string;
  /** Account the service must act for (`aws:SourceAccount`). Omit only for services that do not send it (ec2.amazonaws.com). */
  readonly sourceAccount?: string;
  /** AWS-managed policy names (without arn:aws:iam::aws:policy/) to attach. @default none */
  readonly managedPolicies?: readonly string[];
  /** Statements of the role's inline policy. @default no inline policy */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
  readonly description?: string;
}

export class ServiceRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [props.service] }],
          condition: props.sourceAccount ? [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.sourceAccount] }] : undefined,
        },
      ],
    });
    this.role = new IamRole(this, "this", { name: props.name, description: props.description, assumeRolePolicy: trust.json, maxSessionDuration: 3600 });
    this.arn = this.role.arn;
    this.name = this.role.name;
    for (const policy of props.managedPolicies ?? []) {
      new IamRolePolicyAttachment(this, policy.replace(/^.*\//, ""), { role: this.role.name, policyArn: awsManagedPolicyArn(policy) });
    }
    if (props.statements && props.statements.length > 0) {
      const doc = new DataAwsIamPolicyDocument(this, "policy-document", { statement: props.statements });
      new IamRolePolicy(this, "policy", { name: "least-privilege", role: this.role.id, policy: doc.json });
    }
  }
}
