/**
 * A Terraform `removed` block with `lifecycle { destroy = false }` (Terraform >= 1.7): the resource
 * leaves the configuration and the state, and Terraform leaves the real object where it is
 * (https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources).
 * The plan shows it as "will no longer be managed by Terraform", never as a destroy.
 * cdktf 0.21 has no construct for it.
 */
import { TerraformElement } from "cdktf";
import { Construct } from "constructs";

export interface RemovedBlockProps {
  /** Address of the resource to forget, e.g. `aws_cloudwatch_log_group.ecs_web_logs` (no instance key). */
  readonly from: string;
}

export class RemovedBlock extends TerraformElement {
  constructor(scope: Construct, id: string, readonly props: RemovedBlockProps) {
    super(scope, id);
  }

  toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.props.from, lifecycle: { destroy: false } }] };
  }

  toHclTerraform(): Record<string, unknown> {
    return {
      removed: [
        {
          from: { value: this.props.from, type: "simple", storageClassType: "reference" },
          lifecycle: { value: { destroy: { value: false, type: "simple", storageClassType: "boolean" } }, type: "block", storageClassType: "object" },
        },
      ],
    };
  }
}
