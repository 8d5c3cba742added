/**
 * The landing-zone.yaml contract as a strict zod schema.
 *
 * The schema checks shape and single-value formats only. Everything that
 * relates two values (uniqueness, overlap, membership) is a semantic rule in
 * `rules.ts`, so each problem is reported once, with its own hint.
 */
import { z } from "zod";
import { SEVERITY_LABELS } from "../../modules/security/severity";
import { accessSchema, budgetsSchema } from "./schema-access";

/** The GitHub environment whose jobs apply (the ci-roles apply role trusts it; `lz ci` gates the apply jobs on it). */
export const DEFAULT_APPLY_ENVIRONMENT = "landing-zone-apply";
import { computeShape } from "./schema-compute";

export const ACCOUNT_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

const accountId = z
  .string({ error: "must be a 12-digit account id in quotes" })
  .regex(/^\d{12}$/, { error: "must be exactly 12 digits" });

const email = z.email({ error: "must be an email address" });

const accountName = z
  .string()
  .regex(ACCOUNT_NAME, { error: "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter" });

const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: "must be an IPv4 CIDR such as 10.16.0.0/20" });

export const ACCOUNT_TYPES = ["logging", "network", "security", "workload"] as const;

/** An account's own keys, without its compute. */
const accountIdentityShape = {
  /** Account name: stack names, construct ids and resource names derive from it. */
  name: accountName,
  type: z.enum(ACCOUNT_TYPES),
  /** The existing account id (requires organization.id). Omit it to have the organization stack create (vend) the account. */
  id: accountId.optional(),
  email,
  /** Organizational unit path, one of organization.organizationalUnits. */
  ou: z.string().min(1),
  /** Workload accounts only: the spoke VPC CIDR. Omit it to allocate from network.workloadCidrPool. */
  cidr: cidr.optional(),
  /**
   * The account's name in AWS Organizations, when it differs from `name` (an adopted account named
   * "Log Archive"): the organization stack keeps it instead of renaming the account. @default name
   */
  displayName: z.string().trim().min(1, { error: "must not be empty" }).max(50, { error: "must be at most 50 characters (AWS Organizations' limit)" }).optional(),
  /**
   * Workload accounts only (`lz retire`): the account's workload stack destroys its contents (its log
   * archives and the keys that encrypt them are kept), and the organization stack moves the account to the
   * Suspended OU under a deny-all SCP. The account is never closed. @default false
   */
  retired: z.boolean({ error: "must be true or false" }).default(false),
};

export const accountSchema = z.strictObject({
  ...accountIdentityShape,
  /** Workload accounts only: ECR repositories, EC2, ECS Fargate, Batch and App Runner (see schema-compute.ts). */
  ...computeShape,
});

/**
 * The two halves of an account entry, parsed apart when the whole entry does
 * not parse: a broken compute entry still lets the account's own keys be checked.
 */
export const accountIdentitySchema = z.strictObject(accountIdentityShape);
export const accountComputeSchema = z.strictObject(computeShape);

export const DEFAULT_INTERFACE_ENDPOINTS = [
  "ssm",
  "ssmmessages",
  "ec2messages",
  "ecr.api",
  "ecr.dkr",
  "apprunner",
  "apprunner.requests",
  "logs",
  "sts",
  "kms",
];

/** Severities EventBridge matches findings at, lowest first (GuardDuty, Security Hub and Inspector share these labels). */
export const FINDING_SEVERITIES = SEVERITY_LABELS;

/**
 * The organization's security services, administered from the security account. Everything is on
 * by default; switch a service off only with a reason (another tool covers it).
 */
/** The per-service switches of `securityServices`. */
export const SECURITY_SERVICE_SWITCHES = ["guardDuty", "securityHub", "config", "inspector", "accessAnalyzer"] as const;

export const securityServicesSchema = z.strictObject({
  /** GuardDuty in every account and allowed region, with S3 protection, runtime monitoring and malware protection. */
  guardDuty: z.boolean().default(true),
  /** Security Hub, central configuration, FSBP and CIS AWS Foundations v3.0.0, findings aggregated in the home region. */
  securityHub: z.boolean().default(true),
  /** AWS Config: an organization aggregator and the organization managed rules. */
  config: z.boolean().default(true),
  /** Inspector v2 for EC2, ECR and Lambda in every account and allowed region. */
  inspector: z.boolean().default(true),
  /** An organization-wide IAM Access Analyzer in the security account. */
  accessAnalyzer: z.boolean().default(true),
  /** Findings at or above this severity reach the security topic. */
  notifySeverity: z.enum(FINDING_SEVERITIES).default("HIGH"),
  /** Who the security topic emails. @default logging.alarmEmail */
  email: email.optional(),
});

/** An accepted guardrail finding: which rule, on which construct, and why. */
export const suppressionSchema = z.strictObject({
  /** Guardrail rule id, as printed in the finding (e.g. s3-kms-encryption). */
  rule: z.string().min(1, { error: "must name a guardrail rule id" }),
  /** Construct path from the finding (e.g. network/hub/vpc), or a parent construct to cover everything below it. */
  resource: z.string().min(1, { error: "must be a construct path such as network/hub/vpc" }),
  /** Why the finding is acceptable, and who accepted it; shown in the report. */
  reason: z.string().trim().min(10, { error: "must say why the finding is accepted (at least 10 characters)" }),
});

export const configSchema = z.strictObject({
  /** Prefix for resource names: 2-20 characters of a-z, 0-9 and '-'. */
  name: z.string().regex(/^[a-z0-9-]{2,20}$/, { error: "must be 2-20 characters of a-z, 0-9 and '-'" }),
  /** Region where every stack deploys. */
  homeRegion: z.string(),
  /** Regions workloads may use; drives the region-guard SCP. Must include homeRegion. */
  allowedRegions: z.array(z.string()).min(1),
  /** Default tags added to every resource, besides the landing zone's own. */
  tags: z.record(z.string(), z.string()).default({}),
  organization: z.strictObject({
    /**
     * The id (o-...) of an organization that already exists: the organization stack adopts it with an
     * import block. Omit it to have the organization stack create the organization; then no account may
     * have an id (an existing account cannot join a new organization by import).
     */
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/, { error: "must be an organization id such as o-a1b2c3d4e5" }).optional(),
    managementAccountId: accountId,
    /** The organization's role in member accounts (Organizations creates it in new accounts); only the access-<account> stacks assume it, to create the deployer role every other stack assumes. */
    accessRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: "must be a valid IAM role name" }).default("OrganizationAccountAccessRole"),
    /** OU paths, nested with '/', e.g. Workloads/Prod. A parent is created when only a child is listed. */
    organizationalUnits: z.array(z.string().regex(/^[A-Za-z0-9][\w .-]*(\/[A-Za-z0-9][\w .-]*)*$/, { error: "must be an OU path such as Workloads/Prod" })).default([]),
    /**
     * Ids (ou-…) of OUs that already exist, by path (`Workloads/Prod: ou-ab12-cd34ef56`): the organization stack
     * imports them instead of creating them. Requires organization.id. `lz adopt` writes it.
     */
    organizationalUnitIds: z.record(z.string(), z.string().regex(/^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/, { error: "must be an OU id such as ou-ab12-cd34ef56" })).default({}),
  }),
  state: z.strictObject({
    /** S3 bucket holding every stack's state; created by the bootstrap stack. */
    bucket: z.string(),
    /** Region of the state bucket. @default homeRegion */
    region: z.string().optional(),
    /**
     * Set to true once the bootstrap stack's local state has been migrated into the
     * state bucket (`terraform init -migrate-state`); bootstrap then uses the S3 backend too.
     */
    bootstrapMigrated: z.boolean().default(false),
  }),
  accounts: z.array(accountSchema),
  network: z.strictObject({
    hub: z.strictObject({
      cidr,
      availabilityZones: z.number().int().default(3),
      natGateways: z.enum(["per-az", "single"]).default("per-az"),
      transitGatewayAsn: z.number().int().default(64512),
      interfaceEndpoints: z.array(z.string()).default(DEFAULT_INTERFACE_ENDPOINTS),
    }),
    workloadCidrPool: cidr,
    workloadCidrPrefix: z.number().int().default(20),
  }),
  logging: z.strictObject({
    retentionDays: z.number().int().default(365),
    alarmEmail: email,
    archive: z
      .strictObject({
        transitionToGlacierDays: z.number().int().positive().default(90),
        expireAfterDays: z.number().int().positive().default(2555),
        /**
         * Object Lock in GOVERNANCE mode on the archive bucket, with this default retention in days.
         * Omit it to leave Object Lock off.
         */
        objectLockGovernanceDays: z.number().int().positive().optional(),
      })
      .default({ transitionToGlacierDays: 90, expireAfterDays: 2555 }),
  }),
  /** GuardDuty, Security Hub, AWS Config, Inspector and Access Analyzer across the organization (all on by default). */
  securityServices: securityServicesSchema.default({ guardDuty: true, securityHub: true, config: true, inspector: true, accessAnalyzer: true, notifySeverity: "HIGH" }),
  /** People: IAM Identity Center permission sets and group assignments to accounts and OUs (schema-access.ts). */
  access: accessSchema.default({ permissionSets: [], assignments: [] }),
  /** Money: monthly budgets per account, with alerts, and cost anomaly detection (schema-access.ts). */
  budgets: budgetsSchema.default({ accounts: {} }),
  /**
   * CI on GitHub Actions: the ci-roles stack creates the GitHub OIDC provider and the plan and apply roles in the
   * management account, trusted only by this repository (plan: its pull requests and `branch`; apply: jobs of
   * `environment`). Omit it to create no CI roles.
   */
  ci: z
    .strictObject({
      github: z.strictObject({
        /** owner/repo of the repository holding the config. */
        repository: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/, { error: "must be owner/repo, e.g. acme/landing-zone" }),
        /** The GitHub environment (with required reviewers) whose jobs may assume the apply role; `lz ci`'s apply jobs run in it. @default landing-zone-apply */
        environment: z.string().regex(/^[^\s*:"?<>|\\/][^*:"?<>|\\]{0,254}$/, { error: "must be a GitHub environment name" }).default(DEFAULT_APPLY_ENVIRONMENT),
        /** The default branch, whose scheduled jobs (drift) may assume the plan role. @default main */
        branch: z.string().regex(/^[A-Za-z0-9._/-]+$/, { error: "must be a branch name such as main" }).default("main"),
      }),
    })
    .optional(),
  /** Accepted guardrail findings. Each needs a reason; every one is listed in the report. */
  suppressions: z.array(suppressionSchema).default([]),
});

/** The config as written (defaults not yet applied). */
export type LandingZoneInput = z.input<typeof configSchema>;
/** The config after the schema applied its defaults. */
export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedAccount = z.output<typeof accountSchema>;
export type Suppression = z.output<typeof suppressionSchema>;
export type SecurityServices = z.output<typeof securityServicesSchema>;
