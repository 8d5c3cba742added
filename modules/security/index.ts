/**
 * # security
 * The organization's security services, one small file per service:
 * - `delegation.ts`: the management account's delegated-administrator registrations;
 * - `guardduty.ts`, `security-hub.ts`, `config.ts`, `inspector.ts`: each service's organization-wide
 *   setup in the delegated administrator (regional ones once per region, through that region's provider);
 * - `access-analyzer.ts`: the organization analyzer;
 * - `findings.ts`: EventBridge rules to an encrypted SNS topic;
 * - `recorder.ts`: AWS Config's recorders and delivery channels in one account;
 * - `severity.ts`: finding severities. The service principals and AWS constants live in aws/security-services.ts.
 */
export * from "./access-analyzer";
export * from "./config";
export * from "./delegation";
export * from "./findings";
export * from "./guardduty";
export * from "./inspector";
export * from "./security-hub";
export * from "./severity";
export * from "./recorder";
