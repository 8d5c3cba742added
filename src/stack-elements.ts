import { TerraformElement, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

/** A stack's Terraform elements in construct order, not descending into nested stacks (cdktf 0.21's private terraformElements). */
export function elementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) elementsOf(child, into);
  return into;
}
