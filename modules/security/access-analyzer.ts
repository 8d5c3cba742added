/**
 * # security/access-analyzer
 * An IAM Access Analyzer with the whole organization as its zone of trust, in
 * the delegated administrator, one per region (analyzers are regional): it
 * reports every resource of every member shared outside the organization
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html).
 * The per-account analyzers of the account baseline stay.
 */
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";

export interface OrganizationAnalyzerProps {
  /** The analyzer's name. */
  readonly name: string;
  /** @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /** What the analyzer waits for: the delegation in the management account. */
  readonly dependsOn?: ITerraformDependable[];
}

export class OrganizationAnalyzer extends Construct {
  readonly analyzer: AccessanalyzerAnalyzer;

  constructor(scope: Construct, id: string, props: OrganizationAnalyzerProps) {
    super(scope, id);
    this.analyzer = new AccessanalyzerAnalyzer(this, "analyzer", { analyzerName: props.name, type: "ORGANIZATION", provider: props.provider, dependsOn: props.dependsOn });
  }
}
