/** Organization guardrails: accounts never closed by Terraform, all features on, SCPs within AWS's size limit. */
import { SCP_MAX_CHARS } from "../../../aws/organizations";
import { policyStatements, renderPolicy } from "../policy-doc";
import { fail, pass, ResourceRule, unknown } from "../types";
import { boolOf, jsonOf, strOf, UNKNOWN } from "../values";

/** AWS Organizations' limit for a service control policy document, in characters. */

export const organizationRules: ResourceRule[] = [
  {
    id: "org-account-never-closed",
    area: "organization",
    scope: "resource",
    severity: "error",
    title: "Terraform never closes member accounts",
    description: "Closing an account deletes its resources after 90 days; removing it from the config must not do that.",
    message: "member account closes on deletion",
    fix: "set close_on_deletion = false (the default)",
    refs: {},
    types: ["aws_organizations_account"],
    check(e) {
      const v = boolOf(e.attrs.close_on_deletion);
      if (v === UNKNOWN) return unknown("close_on_deletion is known only at apply time");
      return v === true ? fail("close_on_deletion = true") : pass("close_on_deletion = false");
    },
  },
  {
    id: "org-all-features",
    area: "organization",
    scope: "resource",
    severity: "error",
    title: "The organization has all features enabled",
    description: "Service control policies, and therefore every preventive guardrail, need feature set ALL.",
    message: "organization runs with consolidated billing only",
    fix: 'set feature_set = "ALL" (the default)',
    refs: {},
    types: ["aws_organizations_organization"],
    check(e) {
      const v = strOf(e.attrs.feature_set);
      if (v === UNKNOWN) return unknown("feature_set is known only at apply time");
      return (v ?? "ALL") === "ALL" ? pass("feature_set = ALL") : fail(`feature_set = ${v}`);
    },
  },
  {
    id: "scp-size",
    area: "organization",
    scope: "resource",
    severity: "error",
    title: `Service control policies fit AWS's ${SCP_MAX_CHARS}-character limit`,
    description: "An oversized SCP fails at apply time, after the rest of the organization stack changed; whitespace counts, so prefer minified_json.",
    message: `SCP exceeds ${SCP_MAX_CHARS} characters`,
    fix: "split the policy, shorten Sids and merge statements, or pass the data source's minified_json instead of json",
    refs: {},
    types: ["aws_organizations_policy"],
    check(e, stack) {
      if ((strOf(e.attrs.type) ?? "SERVICE_CONTROL_POLICY") !== "SERVICE_CONTROL_POLICY") return undefined;
      const content = e.attrs.content;
      let size: number;
      const fromDocument = typeof content === "string" && /^\$\{data\.aws_iam_policy_document\./.test(content);
      if (typeof content === "string" && !fromDocument && jsonOf(content) !== UNKNOWN) size = content.length;
      else {
        const statements = policyStatements(content, stack);
        if (statements === UNKNOWN || statements === undefined) return unknown("content is known only at apply time");
        size = renderPolicy(statements, !String(content).includes(".minified_json")).length;
      }
      return size > SCP_MAX_CHARS ? fail(`about ${size} characters`) : pass(`about ${size} of ${SCP_MAX_CHARS} characters`);
    },
  },
];
