/**
 * Every bad input is refused with its key path, its line:col and a fix.
 * Each case edits the bundled example through the yaml Document API, so the
 * rest of the config stays valid and only the problem under test is reported.
 */
import { parseDocument } from "yaml";
import { parseConfig } from "../../src/config/load";
import { ConfigError, formatPath, Problem } from "../../src/config/problem";
import { exampleText, lineOf } from "../helpers/synth";
import { Edit, expectProblemAt, problemsOf } from "../helpers/config";

const cases: [string, Edit, string, RegExp][] = [
  ["an unknown top-level key", (d) => d.set("nmae", "x"), "nmae", /unknown key "nmae"/],
  ["a misspelled account key", (d) => d.setIn(["accounts", 2, "cdir"], "10.16.0.0/20"), "accounts[2].cdir", /unknown key "cdir"/],
  ["an account id that is not 12 digits", (d) => d.setIn(["accounts", 0, "id"], "22222"), "accounts[0].id", /12 digits/],
  ["an unquoted account id", (d) => d.setIn(["accounts", 1, "id"], 333333333333), "accounts[1].id", /must be a string/],
  ["a duplicate email", (d) => d.setIn(["accounts", 3, "email"], "aws+payments-prod@acme.example"), "accounts[3].email", /already used by accounts\[2\]/],
  ["a duplicate account name", (d) => d.setIn(["accounts", 3, "name"], "payments-prod"), "accounts[3].name", /already used/],
  ["a duplicate account id", (d) => d.setIn(["accounts", 3, "id"], "444444444444"), "accounts[3].id", /already used/],
  ["the management account as a member", (d) => d.setIn(["accounts", 3, "id"], "111111111111"), "accounts[3].id", /is the management account/],
  ["two logging accounts", (d) => d.setIn(["accounts", 3, "type"], "logging"), "accounts", /exactly one account of type logging, found 2/],
  ["no network account", (d) => d.setIn(["accounts", 1, "type"], "workload"), "accounts", /exactly one account of type network, found 0/],
  ["an unknown account type", (d) => d.setIn(["accounts", 1, "type"], "audit"), "accounts[1].type", /must be one of logging, network, security, workload/],
  ["no security account", (d) => d.setIn(["accounts", 4, "type"], "workload"), "accounts", /exactly one account of type security, found 0/],
  ["two security accounts", (d) => d.setIn(["accounts", 3, "type"], "security"), "accounts", /exactly one account of type security, found 2/],
  ["a notify severity that does not exist", (d) => d.setIn(["securityServices", "notifySeverity"], "SEVERE"), "securityServices.notifySeverity", /must be one of LOW, MEDIUM, HIGH, CRITICAL/],
  ["a security service switch that is not a boolean", (d) => d.setIn(["securityServices", "guardDuty"], "yes"), "securityServices.guardDuty", /must be a boolean/],
  ["an unknown OU", (d) => d.setIn(["accounts", 2, "ou"], "Workloads/Staging"), "accounts[2].ou", /unknown OU "Workloads\/Staging"/],
  ["an unknown home region", (d) => d.set("homeRegion", "us-east-9"), "homeRegion", /not an AWS region/],
  ["an unknown allowed region", (d) => d.setIn(["allowedRegions", 1], "mars-1"), "allowedRegions[1]", /not an AWS region/],
  ["allowed regions without the home region", (d) => d.set("allowedRegions", ["us-west-2"]), "allowedRegions", /does not include homeRegion us-east-1/],
  ["overlapping workload CIDRs", (d) => d.setIn(["accounts", 3, "cidr"], "10.16.8.0/21"), "accounts[3].cidr", /overlaps accounts\[2\]\.cidr/],
  ["a workload CIDR outside the pool", (d) => d.setIn(["accounts", 3, "cidr"], "10.200.0.0/20"), "accounts[3].cidr", /outside network.workloadCidrPool/],
  ["a hub overlapping the pool", (d) => d.setIn(["network", "hub", "cidr"], "10.16.0.0/16"), "network.hub.cidr", /overlaps network.workloadCidrPool/],
  ["a public hub CIDR", (d) => d.setIn(["network", "hub", "cidr"], "8.8.0.0/16"), "network.hub.cidr", /not private/],
  ["a CIDR with host bits set", (d) => d.setIn(["accounts", 2, "cidr"], "10.16.0.1/20"), "accounts[2].cidr", /host bits set; the network address is 10.16.0.0\/20/],
  ["a hub too small for its subnets", (d) => d.setIn(["network", "hub", "cidr"], "10.0.0.0/26"), "network.hub.cidr", /too small/],
  ["a workload CIDR too small for its subnets", (d) => d.setIn(["accounts", 2, "cidr"], "10.16.0.0/26"), "accounts[2].cidr", /too small/],
  ["a CIDR on the network account", (d) => d.setIn(["accounts", 1, "cidr"], "10.17.0.0/20"), "accounts[1].cidr", /takes its network from network.hub/],
  ["a retention CloudWatch does not accept", (d) => d.setIn(["logging", "retentionDays"], 100), "logging.retentionDays", /not a retention CloudWatch Logs accepts/],
  ["a retention below a year", (d) => d.setIn(["logging", "retentionDays"], 90), "logging.retentionDays", /below the 365-day minimum/],
  ["an invalid state bucket name", (d) => d.setIn(["state", "bucket"], "Acme_TFState"), "state.bucket", /lowercase letters/],
  ["a state bucket name shaped like an IP", (d) => d.setIn(["state", "bucket"], "10.0.0.1"), "state.bucket", /IP address/],
  ["an ASN outside the private ranges", (d) => d.setIn(["network", "hub", "transitGatewayAsn"], 65535), "network.hub.transitGatewayAsn", /not a private ASN/],
  ["an unknown interface endpoint", (d) => d.setIn(["network", "hub", "interfaceEndpoints", 3], "ecr"), "network.hub.interfaceEndpoints[3]", /unknown interface endpoint service "ecr"/],
  ["a duplicate interface endpoint", (d) => d.setIn(["network", "hub", "interfaceEndpoints", 3], "ssm"), "network.hub.interfaceEndpoints[3]", /listed twice/],
  ["four availability zones", (d) => d.setIn(["network", "hub", "availabilityZones"], 4), "network.hub.availabilityZones", /not supported/],
  ["a NAT mode that does not exist", (d) => d.setIn(["network", "hub", "natGateways"], "none"), "network.hub.natGateways", /must be one of per-az, single/],
  ["an archive that expires before it transitions", (d) => d.setIn(["logging", "archive", "expireAfterDays"], 30), "logging.archive.expireAfterDays", /not later than the Glacier transition/],
  ["an organization id that is not o-...", (d) => d.setIn(["organization", "id"], "org-1234567890"), "organization.id", /must be an organization id such as o-a1b2c3d4e5/],
  ["an organization id too short", (d) => d.setIn(["organization", "id"], "o-abc"), "organization.id", /must be an organization id/],
  ["an Object Lock retention of zero days", (d) => d.setIn(["logging", "archive", "objectLockGovernanceDays"], 0), "logging.archive.objectLockGovernanceDays", /must be more than 0/],
  ["a fractional Object Lock retention", (d) => d.setIn(["logging", "archive", "objectLockGovernanceDays"], 1.5), "logging.archive.objectLockGovernanceDays", /must be a whole number/],
  [
    "an Object Lock retention outlasting the archive",
    (d) => d.setIn(["logging", "archive", "objectLockGovernanceDays"], 3000),
    "logging.archive.objectLockGovernanceDays",
    /Object Lock retention of 3000 days outlasts the archive's expiry after 2555 days/,
  ],
  ["a missing alarm email", (d) => d.deleteIn(["logging", "alarmEmail"]), "logging.alarmEmail", /missing required key "alarmEmail"/],
  ["an invalid email", (d) => d.setIn(["accounts", 0, "email"], "not-an-email"), "accounts[0].email", /must be an email/],
  ["a landing zone name with capitals", (d) => d.set("name", "ACME"), "name", /2-20 characters/],
  ["a workload prefix larger than the pool", (d) => d.setIn(["network", "workloadCidrPrefix"], 8), "network.workloadCidrPrefix", /cannot be carved/],
  [
    "an exhausted workload pool",
    (d) => {
      d.setIn(["network", "workloadCidrPool"], "10.16.0.0/20");
    },
    "accounts[3]",
    /no free \/20 left for analytics-dev/,
  ],
];

describe("config validation", () => {
  it.each(cases)("refuses %s, naming the key path", (_name, edit, path, message) => {
    expectProblemAt(problemsOf(edit), path, message);
  });

  it("suggests the key a typo was meant to be", () => {
    const [p] = problemsOf((d) => d.setIn(["accounts", 2, "cdir"], "10.16.0.0/20"));
    expect(p.hint).toBe('did you mean "cidr"?');
  });

  it("points line:col at the offending value", () => {
    const text = exampleText().replace('id: "222222222222"', 'id: "2222"');
    const line = text.split("\n").findIndex((l) => l.includes('id: "2222"')) + 1;
    expect.assertions(2);
    try {
      parseConfig(text);
    } catch (e) {
      const p = (e as ConfigError).problems[0];
      expect(p.line).toBe(line);
      expect(p.col).toBe(9);
    }
  });

  it("reports every problem at once", () => {
    const problems = problemsOf((d) => {
      d.set("homeRegion", "us-east-9");
      d.setIn(["accounts", 2, "ou"], "Nowhere");
      d.setIn(["network", "hub", "transitGatewayAsn"], 1);
    });
    expect(problems.map((p) => formatPath(p.path))).toEqual(expect.arrayContaining(["homeRegion", "accounts[2].ou", "network.hub.transitGatewayAsn"]));
  });

  it("reports YAML syntax errors with their position", () => {
    expect(() => parseConfig("name: acme\naccounts: [\n", "bad.yaml")).toThrow(ConfigError);
    expect.assertions(3);
    try {
      parseConfig("name: acme\nname: other\n", "bad.yaml");
    } catch (e) {
      const p = (e as ConfigError).problems[0];
      expect(p.message).toMatch(/YAML syntax: Map keys must be unique/);
      expect(p.line).toBe(2);
    }
  });

  it("formats problems as file:line:col path: message plus a fix", () => {
    try {
      parseConfig(exampleText().replace("homeRegion: us-east-1", "homeRegion: us-east-9"), "lz.yaml");
    } catch (e) {
      const line = lineOf(exampleText(), "homeRegion: us-east-1");
      expect((e as ConfigError).format()).toMatch(new RegExp(`lz\\.yaml:${line}:13 {2}homeRegion: "us-east-9" is not an AWS region\n {6}fix: `));
    }
    expect.assertions(1);
  });
});

describe("hints for organization.id", () => {
  it("explain the organization id, not an account id", () => {
    const problems = problemsOf((d) => d.setIn(["organization", "id"], "o-abc"));
    expect(problems[0].hint).toMatch(/organization's id .*or omit it to create the organization/);
  });
});

describe("member account ids without organization.id", () => {
  // The example with its organization.id line removed, every other byte kept, so line numbers are the file's.
  const text = exampleText().replace(/^ {2}id: o-.*\n/m, "");
  const problems = ((): readonly Problem[] => {
    try {
      parseConfig(text);
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
    }
    throw new Error("config was accepted");
  })();

  it("refuses each account id, at accounts[i].id with its line:col, and nothing else", () => {
    expect(problems.map((p) => [formatPath(p.path), p.line, p.col])).toEqual([
      ["accounts[0].id", lineOf(text, 'id: "222222222222"'), 9],
      ["accounts[1].id", lineOf(text, 'id: "333333333333"'), 9],
      ["accounts[2].id", lineOf(text, 'id: "444444444444"'), 9],
      ["accounts[3].id", lineOf(text, 'id: "555555555555"'), 9],
      ["accounts[4].id", lineOf(text, 'id: "666666666666"'), 9],
    ]);
  });

  it("says why and how to fix it: organization.id, or no ids at all", () => {
    expect(problems[0].message).toBe(
      "account 222222222222 (log-archive) is an existing account, but organization.id is not set: the organization stack would create a new organization, which cannot import it",
    );
    expect(problems[0].hint).toBe("set organization.id to your organization's o-… id, or remove the ids to have the landing zone create the organization and accounts");
  });

  it("names only the accounts that have an id", () => {
    const some = problemsOf((d) => {
      d.deleteIn(["organization", "id"]);
      for (const i of [0, 1, 3, 4]) d.deleteIn(["accounts", i, "id"]);
    });
    expect(some.map((p) => formatPath(p.path))).toEqual(["accounts[2].id"]);
  });

  it("accepts a greenfield config: no organization.id and no account ids", () => {
    const doc = parseDocument(exampleText());
    doc.deleteIn(["organization", "id"]);
    for (let i = 0; i < 5; i++) doc.deleteIn(["accounts", i, "id"]);
    const config = parseConfig(doc.toString());
    expect(config.organization.id).toBeUndefined();
    expect(config.accounts.map((a) => a.id)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("accepts the bundled example: brownfield, with organization.id and every account id", () => {
    const config = parseConfig(exampleText());
    expect(config.organization.id).toMatch(/^o-/);
    expect(config.accounts.every((a) => a.id !== undefined)).toBe(true);
  });
});

describe("security services that contradict each other", () => {
  it("refuses securityServices.config off while securityHub is on, at the key with its line:col and the fix", () => {
    const text = exampleText().replace(/^ {2}config: true$/m, "  config: false");
    let problems: readonly Problem[] = [];
    try {
      parseConfig(text);
    } catch (e) {
      if (e instanceof ConfigError) problems = e.problems;
    }
    expect(problems.map((p) => [formatPath(p.path), p.line, p.col])).toEqual([["securityServices.config", lineOf(text, "  config: false"), 11]]);
    expect(problems[0].message).toMatch(/^securityServices.config is off while securityHub is on: Security Hub's standards \(FSBP, CIS v3.0\) run as AWS Config rules/);
    expect(problems[0].hint).toBe("turn securityServices.config on, or securityHub off");
  });

  it("accepts AWS Config off when Security Hub is off too", () => {
    const text = exampleText().replace(/^ {2}config: true$/m, "  config: false").replace(/^ {2}securityHub: true$/m, "  securityHub: false");
    expect(parseConfig(text).securityServices).toMatchObject({ config: false, securityHub: false });
  });
});
