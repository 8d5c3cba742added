/**
 * Security services guardrails: AWS Config records every account in every region of it (global
 * resource types once), and the organization-wide services the security account administers run in
 * every region of the stack's account. A service switched off in the config synthesizes none of its
 * resources, so these rules only judge what a stack (or the app) has started.
 */
import { AppModel, StackModel, TfElement } from "../model";
import { AppRule, fail, pass, StackRule, SubjectVerdict, unknown } from "../types";
import { boolOf, isSet } from "../values";
import { isMemberAccountStack, memberAccountOf, providerOf } from "./baseline";

/** Each account a stack's AWS providers act in (its pinned `allowed_account_ids`), with the providers into it. */
export function providersByAccount(stack: StackModel): Map<string, { provider: string; region: string }[]> {
  const out = new Map<string, { provider: string; region: string }[]>();
  for (const c of stack.providers.aws ?? []) {
    const account = Array.isArray(c.allowed_account_ids) && c.allowed_account_ids.length === 1 ? String(c.allowed_account_ids[0]) : "?";
    const list = out.get(account) ?? [];
    list.push({ provider: isSet(c.alias) ? `aws.${String(c.alias)}` : "aws", region: String(c.region ?? "?") });
    out.set(account, list);
  }
  return out;
}

const through = (elements: TfElement[], provider: string) => elements.filter((e) => providerOf(e) === provider);

/** The accounts a stack records with AWS Config (a recorder through any of the account's providers). */
function recordedAccounts(stack: StackModel): string[] {
  const recorders = stack.ofType("aws_config_configuration_recorder");
  return [...providersByAccount(stack)].filter(([, providers]) => providers.some((p) => through(recorders, p.provider).length > 0)).map(([account]) => account);
}

/** Regional services administered for the organization: once started in a region of an account, needed in all of them. */
const REGIONAL_SERVICES: readonly { readonly type: string; readonly label: string; readonly match?: (e: TfElement) => boolean }[] = [
  { type: "aws_guardduty_detector", label: "GuardDuty detector" },
  { type: "aws_inspector2_enabler", label: "Inspector" },
  { type: "aws_accessanalyzer_analyzer", label: "organization Access Analyzer", match: (e) => e.attrs.type === "ORGANIZATION" },
];

export const securityServiceStackRules: StackRule[] = [
  {
    id: "config-recorder-every-region",
    area: "baseline",
    scope: "stack",
    severity: "error",
    title: "AWS Config records an account in every region the stack reaches in it, global resource types once",
    description:
      "A configuration recorder is regional: a region without one, its delivery channel or a recording status is a region nobody audits, and the organization's Config rules report it as failed. Global resource types (IAM) belong to exactly one region's recorder, or every region duplicates them.",
    message: "AWS Config does not record every region of the account",
    fix: "apply the security/recorder module for the account with a provider per allowed region (global types in the home region)",
    refs: {},
    check(stack) {
      const recorders = stack.ofType("aws_config_configuration_recorder");
      if (recorders.length === 0) return undefined;
      const channels = stack.ofType("aws_config_delivery_channel");
      const statuses = stack.ofType("aws_config_configuration_recorder_status");
      const problems: string[] = [];
      const accounts = providersByAccount(stack);
      for (const account of recordedAccounts(stack)) {
        let globals = 0;
        for (const { provider, region } of accounts.get(account) ?? []) {
          const here = through(recorders, provider);
          const missing = [
            here.length === 0 && "recorder",
            through(channels, provider).length === 0 && "delivery channel",
            !through(statuses, provider).some((s) => boolOf(s.attrs.is_enabled) === true) && "enabled recorder status",
          ].filter(Boolean);
          if (missing.length) problems.push(`account ${account}: missing in ${region} (provider ${provider}): ${missing.join(", ")}`);
          const group = here[0]?.attrs.recording_group;
          const first = Array.isArray(group) ? group[0] : group;
          if (first && typeof first === "object" && boolOf((first as Record<string, unknown>).include_global_resource_types as never) === true) globals++;
        }
        if (globals !== 1) problems.push(`account ${account}: global resource types recorded in ${globals} regions, not 1`);
      }
      return problems.length ? fail(problems.join("; ")) : pass(`recorders, channels and enabled status in every region of ${recordedAccounts(stack).join(", ")}`);
    },
  },
  {
    id: "security-services-every-region",
    area: "baseline",
    scope: "stack",
    severity: "error",
    title: "Organization security services run in every region of the administrator's account",
    description:
      "GuardDuty, Inspector and the organization Access Analyzer are regional: the delegated administrator enables them (and their auto-enable for members) region by region, so a region left out is a region where nothing is detected.",
    message: "security service missing in a region",
    fix: "create the service through every allowed region's provider, as the security stack does",
    refs: {},
    check(stack) {
      const regions = providersByAccount(stack);
      const problems: string[] = [];
      let seen = 0;
      for (const service of REGIONAL_SERVICES) {
        const all = stack.ofType(service.type).filter((e) => !service.match || service.match(e));
        if (all.length === 0) continue;
        seen++;
        for (const [account, providers] of regions) {
          if (!providers.some((p) => through(all, p.provider).length > 0)) continue;
          const missing = providers.filter((p) => through(all, p.provider).length === 0).map((p) => `${p.region} (provider ${p.provider})`);
          if (missing.length) problems.push(`${service.label} of account ${account} missing in ${missing.join(", ")}`);
        }
      }
      if (seen === 0) return undefined;
      return problems.length ? fail(problems.join("; ")) : pass("every regional security service in every region of its account");
    },
  },
];

export const securityServiceAppRules: AppRule[] = [
  {
    id: "config-recorder-every-account",
    area: "baseline",
    scope: "app",
    severity: "error",
    title: "AWS Config records every account of the organization, the management account included",
    description:
      "The organization's Config rules and aggregator see only accounts that record; an account without a recorder is unaudited and its rule deployments fail. Each account needs recorders in one of the app's stacks.",
    message: "account not recorded by AWS Config",
    fix: "record the account: pass the logging stack's Config delivery to its stack (or, for the management account, the security stack's recorders)",
    refs: {},
    reads: ["aws_config_configuration_recorder", "aws_config_configuration_aggregator", "aws_organizations_organization"],
    check(app: AppModel): SubjectVerdict[] {
      const recorded = new Map<string, string>();
      for (const s of app.stacks) for (const account of recordedAccounts(s)) recorded.set(account, s.name);
      if (recorded.size === 0) return [];
      const verdict = (stack: StackModel, account: string): SubjectVerdict => {
        const where = recorded.get(account);
        return { stack: stack.name, path: stack.name, verdict: where ? pass(`account ${account} recorded in ${where}`) : fail(`account ${account} has no AWS Config recorder in any stack`) };
      };
      const members = app.stacks.filter(isMemberAccountStack).map((s) => verdict(s, memberAccountOf(s)));
      // The management account: the account of the stacks acting without a role (organization, bootstrap).
      const management = app.stacks.filter((s) => !isMemberAccountStack(s) && (s.providers.aws ?? []).length > 0 && s.ofType("aws_organizations_organization").length > 0);
      // The management account's recorders are in the security stack (the one with the Config aggregator).
      // A synth of some stacks only (lz synth --stacks) may leave it out: then nothing can be said here.
      const administered = app.stacks.some((s) => s.ofType("aws_config_configuration_aggregator").length > 0);
      const managementVerdict = (s: StackModel): SubjectVerdict =>
        recorded.has(memberAccountOf(s)) || administered
          ? verdict(s, memberAccountOf(s))
          : { stack: s.name, path: s.name, verdict: unknown("the stack that records the management account (security) is not part of this synth") };
      return [...members, ...management.map(managementVerdict)];
    },
  },
  {
    id: "inspector-every-account",
    area: "baseline",
    scope: "app",
    severity: "error",
    title: "Inspector scans every account of the organization, in every region its administrator runs it",
    description:
      "The organization configuration's auto-enable covers only accounts that join later: the accounts already in the organization are scanned only once the delegated administrator associates and activates them (https://docs.aws.amazon.com/inspector/latest/user/managing-multiple-accounts.html). An account missing from the activation in a region has no vulnerability findings there.",
    message: "account not scanned by Inspector",
    fix: "pass every account of the organization to the security stack's Inspector (security/inspector `members`), in every region",
    refs: {},
    reads: ["aws_inspector2_enabler", "aws_inspector2_organization_configuration", "aws_organizations_organization"],
    check(app: AppModel): SubjectVerdict[] {
      const administering = app.stacks.filter((s) => s.ofType("aws_inspector2_enabler").length > 0 && s.ofType("aws_inspector2_organization_configuration").length > 0);
      if (administering.length === 0) return [];
      // Per region (provider) of the administrator: the accounts its enablers activate.
      const activated: { region: string; accounts: Set<string> }[] = administering.flatMap((s) => {
        const enablers = s.ofType("aws_inspector2_enabler");
        return s.ofType("aws_inspector2_organization_configuration").map((org) => ({
          region: `${s.name} (provider ${providerOf(org)})`,
          accounts: new Set(through(enablers, providerOf(org)).flatMap((e) => (Array.isArray(e.attrs.account_ids) ? e.attrs.account_ids.map(String) : []))),
        }));
      });
      const verdict = (stack: StackModel, account: string): SubjectVerdict => {
        const missing = activated.filter((a) => !a.accounts.has(account)).map((a) => a.region);
        return { stack: stack.name, path: stack.name, verdict: missing.length ? fail(`account ${account} is not activated by Inspector's administrator in ${missing.join(", ")}`) : pass(`account ${account} activated in ${activated.length} region(s)`) };
      };
      const accounts = new Map<string, StackModel>();
      for (const s of app.stacks.filter(isMemberAccountStack)) if (!accounts.has(memberAccountOf(s))) accounts.set(memberAccountOf(s), s);
      // The management account: the organization stack's (no role).
      for (const s of app.stacks.filter((s) => !isMemberAccountStack(s) && s.ofType("aws_organizations_organization").length > 0)) accounts.set(memberAccountOf(s), s);
      return [...accounts].map(([account, s]) => verdict(s, account));
    },
  },
];
