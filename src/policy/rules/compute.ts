/** EC2 guardrails: IMDSv2, encrypted EBS with the account key, no key pairs, an instance profile, no public IPs. */
import { StackModel, TfElement } from "../model";
import { fail, pass, ResourceRule, unknown, Verdict } from "../types";
import { JsonObject } from "../json";
import { blockOf, blocksOf, boolOf, isSet, numOf, strOf, UNKNOWN } from "../values";

/** The launch template an instance is launched from, when it is in this stack. */
function templateOf(instance: TfElement, stack: StackModel): TfElement | undefined | typeof UNKNOWN {
  const lt = blockOf(instance.attrs.launch_template);
  if (lt === UNKNOWN) return UNKNOWN;
  if (!lt) return undefined;
  const target = stack.referenced(lt.id) ?? stack.referenced(lt.name);
  return target?.type === "aws_launch_template" ? target : UNKNOWN;
}

/**
 * Judges an instance by its own setting, falling back to its launch template
 * (an instance-level value overrides the template's).
 */
function withTemplate(e: TfElement, stack: StackModel, own: (attrs: JsonObject) => Verdict | undefined, template: (lt: TfElement) => Verdict): Verdict {
  const direct = own(e.attrs);
  if (direct || e.type !== "aws_instance") return direct ?? template(e);
  const lt = templateOf(e, stack);
  if (lt === UNKNOWN) return unknown("the instance's launch template is outside this stack");
  if (lt) {
    const v = template(lt);
    return v.status === "pass" ? pass(`${v.evidence} (launch template ${lt.address})`) : v;
  }
  return template(e);
}

function imds(attrs: JsonObject, notSet: Verdict): Verdict {
  const opts = blockOf(attrs.metadata_options);
  if (opts === UNKNOWN) return unknown("metadata_options is known only at apply time");
  const tokens = strOf(opts?.http_tokens);
  if (tokens === UNKNOWN) return unknown("http_tokens is known only at apply time");
  if (tokens === "required") return pass('http_tokens = "required"');
  return tokens === undefined ? notSet : fail(`http_tokens = "${tokens}"`);
}

/** The account-default EBS encryption in this stack, if any. */
function accountDefaultEncryption(stack: StackModel): TfElement | undefined {
  return stack.ofType("aws_ebs_encryption_by_default").find((e) => boolOf(e.attrs.enabled) !== false && boolOf(e.attrs.enabled) !== UNKNOWN);
}

/** Volumes declared by an element, each as [label, encrypted, kms key]. */
function volumes(e: TfElement): [string, unknown, unknown][] | typeof UNKNOWN {
  if (e.type === "aws_ebs_volume") return [["volume", e.attrs.encrypted, e.attrs.kms_key_id]];
  if (e.type === "aws_launch_template") {
    const mappings = blocksOf(e.attrs.block_device_mappings);
    if (mappings === UNKNOWN) return UNKNOWN;
    const out: [string, unknown, unknown][] = [];
    for (const m of mappings) {
      const ebs = blockOf(m.ebs);
      if (ebs === UNKNOWN) return UNKNOWN;
      if (ebs) out.push([String(m.device_name ?? "volume"), ebs.encrypted, ebs.kms_key_id]);
    }
    return out;
  }
  const root = blockOf(e.attrs.root_block_device);
  const extra = blocksOf(e.attrs.ebs_block_device);
  if (root === UNKNOWN || extra === UNKNOWN) return UNKNOWN;
  return [...(root ? [["root volume", root.encrypted, root.kms_key_id] as [string, unknown, unknown]] : []), ...extra.map((b) => [String(b.device_name ?? "volume"), b.encrypted, b.kms_key_id] as [string, unknown, unknown])];
}

function hasOwnVolumes(attrs: JsonObject): boolean {
  return isSet(attrs.root_block_device) || isSet(attrs.ebs_block_device);
}

const EC2_TYPES = ["aws_instance", "aws_launch_template"];

export const computeRules: ResourceRule[] = [
  {
    id: "ec2-imdsv2",
    area: "compute",
    scope: "resource",
    severity: "error",
    title: "Instances and launch templates require IMDSv2",
    description: "IMDSv1 answers any request that reaches it, so an SSRF bug hands out the instance role's credentials; IMDSv2 needs a session token.",
    message: "instance metadata does not require IMDSv2",
    fix: 'set metadata_options { http_tokens = "required" }',
    refs: { cis: "5.6", fsbp: "EC2.8", checkov: "CKV_AWS_79" },
    types: EC2_TYPES,
    check: (e, stack) =>
      withTemplate(
        e,
        stack,
        (attrs) => (isSet(attrs.metadata_options) ? imds(attrs, fail("metadata_options leaves http_tokens unset (optional)")) : undefined),
        (t) => imds(t.attrs, fail("metadata_options.http_tokens is not set, so IMDSv1 stays available")),
      ),
  },
  {
    id: "ec2-imds-hop-limit",
    area: "compute",
    scope: "resource",
    severity: "warning",
    title: "IMDS responses travel at most two hops",
    description: "A hop limit of 1 keeps metadata on the instance; 2 is the most a container host needs.",
    message: "metadata hop limit above 2",
    fix: "set metadata_options.http_put_response_hop_limit to 1 (or 2 for container hosts)",
    refs: {},
    types: EC2_TYPES,
    check(e) {
      const opts = blockOf(e.attrs.metadata_options);
      if (opts === UNKNOWN) return unknown("metadata_options is known only at apply time");
      const hops = numOf(opts?.http_put_response_hop_limit);
      if (hops === UNKNOWN) return unknown("the hop limit is known only at apply time");
      return hops !== undefined && hops > 2 ? fail(`http_put_response_hop_limit = ${hops}`) : pass(`hop limit ${hops ?? "default (1)"}`);
    },
  },
  {
    id: "ec2-ebs-encrypted",
    area: "compute",
    scope: "resource",
    severity: "error",
    title: "EBS volumes are encrypted",
    description: "Unencrypted volumes and their snapshots expose data to anyone who can copy them.",
    message: "EBS volume not encrypted",
    fix: "set encrypted = true on every block device (and apply the account baseline's EBS encryption by default)",
    refs: { fsbp: "EC2.3", checkov: "CKV_AWS_3, CKV_AWS_8" },
    coverage: "encryption",
    types: [...EC2_TYPES, "aws_ebs_volume"],
    check(e, stack) {
      const judge = (target: TfElement): Verdict => {
        const vols = volumes(target);
        if (vols === UNKNOWN) return unknown("block devices are known only at apply time");
        const states = vols.map(([label, enc]) => [label, boolOf(enc)] as const);
        if (states.some(([, v]) => v === UNKNOWN)) return unknown("encrypted is known only at apply time");
        const plain = states.filter(([, v]) => v !== true).map(([label]) => label);
        if (plain.length) return fail(`${plain.join(", ")} not encrypted`);
        if (vols.length) return pass(`${vols.length} volume(s) encrypted`);
        const byDefault = accountDefaultEncryption(stack);
        return byDefault ? pass(`encrypted by the account default (${byDefault.address})`) : fail("no block device sets encrypted and the stack has no EBS encryption by default");
      };
      if (e.type !== "aws_instance" || hasOwnVolumes(e.attrs)) return judge(e);
      const lt = templateOf(e, stack);
      if (lt === UNKNOWN) return unknown("the instance's launch template is outside this stack");
      return judge(lt ?? e);
    },
  },
  {
    id: "ec2-ebs-cmk",
    area: "compute",
    scope: "resource",
    severity: "warning",
    title: "EBS volumes use a customer-managed KMS key",
    description: "A customer-managed key keeps key policy, rotation and cross-account sharing under the landing zone's control.",
    message: "EBS volume encrypted with the AWS-managed key",
    fix: "set kms_key_id to the account key (or set the account default key with aws_ebs_default_kms_key)",
    refs: { checkov: "CKV_AWS_189" },
    types: [...EC2_TYPES, "aws_ebs_volume"],
    check(e, stack) {
      const target = e.type === "aws_instance" && !hasOwnVolumes(e.attrs) ? templateOf(e, stack) ?? e : e;
      if (target === UNKNOWN) return unknown("the instance's launch template is outside this stack");
      const vols = volumes(target);
      if (vols === UNKNOWN) return unknown("block devices are known only at apply time");
      const defaultKey = stack.ofType("aws_ebs_default_kms_key")[0];
      const missing = vols.filter(([, , key]) => !isSet(key)).map(([label]) => label);
      if (missing.length === 0 && vols.length) return pass("kms_key_id set on every volume");
      if (defaultKey) return pass(`account default key ${defaultKey.address}`);
      return fail(vols.length ? `${missing.join(", ")} without kms_key_id` : "no kms_key_id and no account default key in the stack");
    },
  },
  {
    id: "ec2-no-key-pair",
    area: "compute",
    scope: "resource",
    severity: "error",
    title: "No SSH key pairs",
    description: "The landing zone is bastion-free: shell access is through Session Manager, audited and without long-lived keys.",
    message: "SSH key pair in use",
    fix: "remove key_name (and any aws_key_pair); connect with Session Manager",
    refs: {},
    types: [...EC2_TYPES, "aws_key_pair"],
    check(e) {
      if (e.type === "aws_key_pair") return fail("aws_key_pair resource");
      return isSet(e.attrs.key_name) ? fail(`key_name = ${String(e.attrs.key_name)}`) : pass("no key_name");
    },
  },
  {
    id: "ec2-instance-profile",
    area: "compute",
    scope: "resource",
    severity: "error",
    title: "Instances run with an instance profile",
    description: "A role gives the SSM agent and the workload short-lived credentials; without one, people put access keys on the box.",
    message: "instance has no instance profile",
    fix: "set iam_instance_profile (directly or in the launch template) to a profile with AmazonSSMManagedInstanceCore",
    refs: { cis: "1.18", checkov: "CKV2_AWS_41" },
    types: ["aws_instance"],
    check: (e, stack) =>
      withTemplate(
        e,
        stack,
        (attrs) => (isSet(attrs.iam_instance_profile) ? pass("iam_instance_profile set") : undefined),
        (t) => {
          const p = t.type === "aws_launch_template" ? blockOf(t.attrs.iam_instance_profile) : undefined;
          if (p === UNKNOWN) return unknown("the launch template's profile is known only at apply time");
          return p && (isSet(p.name) || isSet(p.arn)) ? pass("iam_instance_profile set") : fail("no iam_instance_profile");
        },
      ),
  },
  {
    id: "ec2-no-public-ip",
    area: "compute",
    scope: "resource",
    severity: "error",
    title: "Instances get no public IP address",
    description: "Workloads sit in private subnets and leave through the hub NAT; a public IP bypasses both.",
    message: "instance gets a public IP",
    fix: "set associate_public_ip_address = false (on the instance or the launch template's network interface)",
    refs: { fsbp: "EC2.9, EC2.25", checkov: "CKV_AWS_88" },
    types: EC2_TYPES,
    check(e) {
      if (e.type === "aws_instance") {
        const v = boolOf(e.attrs.associate_public_ip_address);
        if (v === UNKNOWN) return unknown("associate_public_ip_address is known only at apply time");
        return v === true ? fail("associate_public_ip_address = true") : pass("no public IP requested");
      }
      const nics = blocksOf(e.attrs.network_interfaces);
      if (nics === UNKNOWN) return unknown("network interfaces are known only at apply time");
      const values = nics.map((n) => boolOf(n.associate_public_ip_address));
      if (values.includes(UNKNOWN)) return unknown("associate_public_ip_address is known only at apply time");
      return values.includes(true) ? fail('network_interfaces.associate_public_ip_address = "true"') : pass("no public IP requested");
    },
  },
];
