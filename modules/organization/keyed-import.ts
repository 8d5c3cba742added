/**
 * An `import` block for one instance of a `for_each` resource
 * (`aws_organizations_account.account["payments-prod"]`). cdktf's
 * `importFrom` can only target a resource without instance keys.
 */
import { TerraformElement, TerraformResource } from "cdktf";
import { Construct } from "constructs";

export interface KeyedImportProps {
  /** The `for_each` resource holding the instance. */
  readonly resource: TerraformResource;
  /** The instance key. */
  readonly key: string;
  /** The provider-specific import id of the existing object. */
  readonly importId: string;
}

export class KeyedImport extends TerraformElement {
  constructor(scope: Construct, id: string, private readonly props: KeyedImportProps) {
    super(scope, id);
  }

  /** The Terraform address being imported to. */
  get to(): string {
    const { resource, key } = this.props;
    return `${resource.terraformResourceType}.${resource.friendlyUniqueId}[${JSON.stringify(key)}]`;
  }

  toTerraform(): Record<string, unknown> {
    return { import: [{ to: this.to, id: this.props.importId }] };
  }

  toHclTerraform(): Record<string, unknown> {
    return {
      import: [
        {
          to: { value: this.to, type: "simple", storageClassType: "reference" },
          id: { value: this.props.importId, type: "simple", storageClassType: "string" },
        },
      ],
    };
  }
}
