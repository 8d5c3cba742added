/**
 * Changed-stack selection on real synthesized output: the bundled example
 * synthesized before and after an edit, compared the way `lz plan --changed` does.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/load-config";
import { changedOutputs, readSynthesized, remoteReads, selectChanged, selectionLines, StackSelection, withoutMetadata, withUnapplied } from "../../src/plan/changed";
import { synthesize } from "../../src/synth";
import { vend, vendedStacks } from "../../src/vend/vend";
import { EXAMPLE_FILE, exampleText } from "../helpers/synth";

const stateDir = mkdtempSync(join(tmpdir(), "lz-changed-state-"));
/** Both sides of a comparison share bootstrap's state directory, as lz plan --changed does. */
function synthText(text: string, depth = 0) {
  const out = join(mkdtempSync(join(tmpdir(), "lz-changed-")), ...Array<string>(depth).fill("deeper"), "out");
  synthesize(parseConfig(text, EXAMPLE_FILE), { outdir: out, localStateDir: stateDir });
  return readSynthesized(out);
}

const selected = (s: readonly StackSelection[]) => s.filter((x) => x.selected).map((x) => x.stack).sort();
const reasonOf = (s: readonly StackSelection[], stack: string) => s.find((x) => x.stack === stack)!.reason;

describe("lz plan --changed: which stacks a change touches", () => {
  const base = synthText(exampleText());

  it("plans nothing for a comment-only change, and says why for every stack", () => {
    const text = exampleText().replace("network:\n  hub:\n", "network:\n  # the hub: shared egress and endpoints\n  hub:\n");
    expect(text).not.toBe(exampleText());
    const selection = selectChanged(base, synthText(text));
    expect(selected(selection)).toEqual([]);
    expect(selection.map((s) => s.stack).sort()).toEqual(base.map((s) => s.name).sort());
    expect(reasonOf(selection, "workload-payments-prod")).toBe("unchanged; the outputs it reads from organization, logging, network are unchanged");
    expect(reasonOf(selection, "organization")).toBe("unchanged");
  });

  it("plans a vend as the organization, the new account's access and workload stacks, logging, security and identity-center only", () => {
    const vended = vend(exampleText(), EXAMPLE_FILE, { name: "data-lake", email: "aws+data-lake@acme.example", ou: "Workloads/Prod" });
    const head = synthText(vended.text);
    const selection = selectChanged(base, head);
    // logging: the AWS Config bucket and key policies name every account (aws:SourceAccount). Its outputs
    // (the Config bucket, the key's ARN) do not change, so the other account stacks stay out.
    // security: Inspector associates and activates the new account.
    expect(selected(selection)).toEqual(["access-data-lake", "identity-center", "logging", "organization", "security", "workload-data-lake"]);
    expect(reasonOf(selection, "security")).toMatch(/^synthesized JSON changed: .*aws_inspector2_member_association\.inspector_member_account_data_lake added/);
    // What lz vend tells the platform engineer to plan is exactly this selection.
    expect([...vendedStacks(parseConfig(vended.text, EXAMPLE_FILE), "data-lake")].sort()).toEqual(selected(selection));
    expect(reasonOf(selection, "workload-data-lake")).toBe("new stack");
    expect(reasonOf(selection, "access-data-lake")).toBe("new stack");
    expect(reasonOf(selection, "organization")).toMatch(/^synthesized JSON changed: .*aws_organizations_account\.account changed/);
    // The other account stacks read the organization's outputs, which keep their values.
    expect(reasonOf(selection, "workload-payments-prod")).toMatch(/^unchanged; the outputs it reads from .*organization.* are unchanged$/);
    expect(selectionLines(selection).find((l) => l.startsWith("+ workload-data-lake"))).toMatch(/new stack$/);
  });

  it("keeps the other vended accounts out: their account-id outputs read other for_each entries", () => {
    // analytics-dev vended earlier (no id): its account id is an output of the organization's for_each.
    const earlier = exampleText().replace('    id: "555555555555"\n', "");
    const before = synthText(earlier);
    const head = synthText(vend(earlier, EXAMPLE_FILE, { name: "data-lake", email: "aws+data-lake@acme.example", ou: "Workloads/NonProd" }).text);
    const organization = head.find((s) => s.name === "organization")!.json;
    expect(JSON.stringify(organization.output.account_ids.value)).toContain('aws_organizations_account.account[\\"analytics-dev\\"]');
    const selection = selectChanged(before, head);
    expect(selected(selection)).toEqual(["access-data-lake", "identity-center", "logging", "organization", "security", "workload-data-lake"]);
    expect(reasonOf(selection, "access-analytics-dev")).toMatch(/^unchanged; the outputs it reads from organization are unchanged$/);
  });

  it("fans a hub change out to every spoke that reads the hub's outputs", () => {
    const head = synthText(exampleText().replace("transitGatewayAsn: 64512", "transitGatewayAsn: 64600"));
    const selection = selectChanged(base, head);
    const spokes = head.map((s) => s.name).filter((n) => n.startsWith("workload-"));
    expect(spokes.length).toBeGreaterThan(1);
    expect(selected(selection)).toEqual(["network", ...spokes].sort());
    expect(reasonOf(selection, "network")).toMatch(/^synthesized JSON changed: aws_ec2_transit_gateway\.transit_gateway changed/);
    for (const spoke of spokes) expect(reasonOf(selection, spoke)).toMatch(/^reads outputs that may change: network \(outputs .*transit_gateway/);
    // The organization and logging stacks read nothing from the hub.
    expect(reasonOf(selection, "logging")).toMatch(/^unchanged/);
  });

  it("compares bootstrap's local state path as a place, not as text relative to the output directory", () => {
    const deeper = synthText(exampleText(), 2);
    const selection = selectChanged(base, deeper);
    expect(reasonOf(selection, "bootstrap")).toBe("unchanged");
  });

  it("ignores cdktf metadata at any depth", () => {
    expect(withoutMetadata({ "//": { metadata: 1 }, resource: { t: { n: { "//": { path: "a/b" }, x: [{ "//": 1, y: 2 }] } } } })).toEqual({ resource: { t: { n: { x: [{ y: 2 }] } } } });
  });

  it("traces an output through the stack's own references to a changed resource", () => {
    const before = { resource: { a: { x: { v: 1 } }, b: { y: { ref: "${a.x.id}" } } }, output: { o: { value: "${b.y.arn}" }, p: { value: "${a.z.id}" } } };
    const after = { ...before, resource: { ...before.resource, a: { x: { v: 2 } } } };
    expect(changedOutputs(before, after)).toEqual(["o"]);
    expect(changedOutputs(before, { ...before, output: { o: before.output.o } })).toEqual(["p"]); // removed
  });

  it("finds which producer's outputs a stack reads from its remote state data sources", () => {
    const json = {
      data: { terraform_remote_state: { in_net: { backend: "s3", config: { key: "network/terraform.tfstate" } } } },
      resource: { t: { n: { a: "${data.terraform_remote_state.in_net.outputs.tgw_id}", b: '${data.terraform_remote_state.in_net.outputs["zone"]}' } } },
    };
    expect(remoteReads(json)).toEqual(new Map([["network", new Set(["tgw_id", "zone"])]]));
  });

  it("follows a map output entry by entry: a new account's id touches only readers of that entry (the organization's account_ids)", () => {
    const resource = { aws_organizations_account: { account: { for_each: { a: { email: "a@x" } } } } };
    const before = { resource, output: { account_ids: { value: { a: '${aws_organizations_account.account["a"].id}', b: "111111111111" } } } };
    const after = {
      resource: { aws_organizations_account: { account: { for_each: { a: { email: "a@x" }, c: { email: "c@x" } } } } },
      output: { account_ids: { value: { ...before.output.account_ids.value, c: '${aws_organizations_account.account["c"].id}' } } },
    };
    expect(changedOutputs(before, after)).toEqual(['account_ids["c"]']);
    const json = {
      data: { terraform_remote_state: { org: { backend: "s3", config: { key: "organization/terraform.tfstate" } } } },
      resource: { t: { n: { id: '${data.terraform_remote_state.org.outputs.account_ids["a"]}' } } },
    };
    expect(remoteReads(json)).toEqual(new Map([["organization", new Set(['account_ids["a"]'])]]));
  });

  it("follows a resource's identity (arn, id) but not its policy or tags, which the provider updates in place", () => {
    const before = { data: { d: { p: { statement: ["a"] } } }, resource: { k: { key: { policy: "${data.d.p.json}", tags: { t: "1" } } } }, output: { arn: { value: "${k.key.arn}" }, doc: { value: "${k.key.policy}" } } };
    const after = { ...before, data: { d: { p: { statement: ["a", "b"] } } }, resource: { k: { key: { policy: "${data.d.p.json}", tags: { t: "2" } } } } };
    expect(changedOutputs(before, after)).toEqual(["doc"]);
  });
});

describe("withUnapplied: stacks not applied yet join the selection", () => {
  const selection: StackSelection[] = [
    { stack: "bootstrap", selected: false, reason: "unchanged" },
    { stack: "organization", selected: true, reason: "synthesized JSON changed: x" },
    { stack: "access-new", selected: false, reason: "unchanged" },
    { stack: "network", selected: false, reason: "unchanged" },
  ];

  it("selects a stack whose state key is not in the bucket, keeps the reason of one already selected, and skips bootstrap before its migration", () => {
    const out = withUnapplied(selection, ["network/terraform.tfstate", "organization/terraform.tfstate"], "acme-tfstate", ["bootstrap"]);
    expect(out).toEqual([
      { stack: "bootstrap", selected: false, reason: "unchanged" },
      { stack: "organization", selected: true, reason: "synthesized JSON changed: x" },
      { stack: "access-new", selected: true, reason: "not applied yet: no state at s3://acme-tfstate/access-new/terraform.tfstate" },
      { stack: "network", selected: false, reason: "unchanged" },
    ]);
  });

  it("selects every stack (but the skipped) when the bucket does not exist yet", () => {
    expect(withUnapplied(selection, undefined, "acme-tfstate", ["bootstrap"]).filter((s) => s.selected).map((s) => s.stack)).toEqual(["organization", "access-new", "network"]);
  });
});
