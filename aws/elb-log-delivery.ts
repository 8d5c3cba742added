/**
 * Who Elastic Load Balancing writes access logs as, per Region: the one place
 * this fact lives (the table is elb-log-delivery-table.json, which the emulator
 * reads too), for the access-log bucket module and the state guardrail alike.
 *
 * AWS, "Enable access logs for your Application Load Balancer", Step 2
 * "Attach a policy to your S3 bucket":
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy
 * - Regions available before August 2022: the bucket policy grants
 *   s3:PutObject to the Region's Elastic Load Balancing account,
 *   `arn:aws:iam::<elb-account-id>:root` (the table below, 22 Regions);
 * - every other Region: to the service principal
 *   `logdelivery.elasticloadbalancing.amazonaws.com`.
 * The write goes to `<bucket>/<prefix>/AWSLogs/<load balancer account>/…`
 * (the test file `ELBAccessLogTestFile` included), over TLS.
 *
 * The provider's `aws_elb_service_account` data source knows only the first
 * list and fails the plan ("unsupported AWS Region") everywhere else, which is
 * why this table replaced it.
 */
import table from "./elb-log-delivery-table.json";

/** The AWS page the table is transcribed from. */
export const ELB_ACCESS_LOGS_PAGE: string = table.source;

/** The log delivery service principal of Regions available as of August 2022 or later. */
export const ELB_LOG_DELIVERY_SERVICE: string = table.servicePrincipal;

/** Region → Elastic Load Balancing account id, for Regions available before August 2022. */
export const ELB_ACCOUNT_BY_REGION: Readonly<Record<string, string>> = table.elbAccountByRegion;

/** The principal ELB writes access logs as in `region`, in `aws_iam_policy_document` form. */
export function elbLogDeliveryPrincipal(region: string): { type: "AWS" | "Service"; identifiers: string[] } {
  const account = ELB_ACCOUNT_BY_REGION[region];
  return account ? { type: "AWS", identifiers: [`arn:aws:iam::${account}:root`] } : { type: "Service", identifiers: [ELB_LOG_DELIVERY_SERVICE] };
}
