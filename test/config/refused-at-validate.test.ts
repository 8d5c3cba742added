/**
 * Inputs that used to pass `lz validate` (and failed at synth or apply), or
 * were refused with misleading messages: each is refused at validate time
 * with its exact key path and line:col.
 */
import { parseConfig } from "../../src/config/load";
import { ConfigError, formatPath, Problem } from "../../src/config/problem";
import { MAX_CONFIG_TAGS } from "../../src/config/tags";
import { exampleText, lineOf } from "../helpers/synth";

/** Every problem of `text`; fails when the config is accepted. */
function problemsOfText(text: string, file = "landing-zone.yaml"): Problem[] {
  try {
    parseConfig(text, file);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error("config was accepted");
}

/** 1-based line:col of `token` on the first line containing `lineNeedle`. */
function positionOf(text: string, lineNeedle: string, token: string): { line: number; col: number } {
  const line = lineOf(text, lineNeedle);
  const col = text.split("\n")[line - 1].indexOf(token) + 1;
  if (col === 0) throw new Error(`"${token}" not on line ${line}`);
  return { line, col };
}

/** The one problem at `path`, with its position. */
function problemAt(problems: Problem[], path: string): Problem {
  const found = problems.filter((p) => formatPath(p.path) === path);
  if (found.length !== 1) throw new Error(`expected one problem at ${path}, got: ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("; ")}`);
  return found[0];
}

const withTags = (tags: string): string => exampleText().replace("allowedRegions: [us-east-1, us-west-2]\n", `allowedRegions: [us-east-1, us-west-2]\ntags:\n${tags}`);

describe("admin ports on ECS services", () => {
  it.each([
    [22, "SSH"],
    [3389, "RDP"],
  ])("refuses port %i (%s) at accounts[2].ecs[0].port", (port, name) => {
    const text = exampleText().replace("        port: 8080\n        desiredCount: 2", `        port: ${port}\n        desiredCount: 2`);
    const p = problemAt(problemsOfText(text), "accounts[2].ecs[0].port");
    expect(p.message).toBe(`port ${port} (${name}) is never opened: access is through Session Manager`);
    expect(p.hint).toMatch(/another port .*executeCommand/);
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, `port: ${port}`, String(port)));
  });
});

describe("tags AWS refuses", () => {
  const long = (n: number) => "k".repeat(n);
  it.each([
    ["a key with the reserved aws: prefix", '  "aws:owner": platform\n', "aws:owner", "platform", /starts with aws:, which AWS reserves/],
    ["an AWS: prefix in any case", "  AWS:Team: platform\n", "AWS:Team", "platform", /starts with aws:/],
    ["a value with the aws: prefix", '  team: "aws:platform"\n', "team", '"aws:platform"', /tag value "aws:platform" starts with aws:/],
    ["a key longer than 128 characters", `  ${long(129)}: x\n`, long(129), "x", /tag key is 129 characters long; AWS allows 128/],
    ["a value longer than 256 characters", `  team: ${long(257)}\n`, "team", long(257), /tag value is 257 characters long; AWS allows 256/],
    ["a key with a character outside AWS's set", "  cost#center: x\n", "cost#center", "x", /tag key "cost#center" holds characters AWS does not accept/],
    ["a value with a character outside AWS's set", '  team: "a&b"\n', "team", '"a&b"', /tag value "a&b" holds characters AWS does not accept/],
    ["a key the landing zone sets itself", '  "lz:stack": mine\n', "lz:stack", "mine", /"lz:stack" is set by the landing zone on every resource/],
  ])("refuses %s, at tags.<key>", (_name, tags, key, valueToken, message) => {
    const text = withTags(tags);
    const p = problemAt(problemsOfText(text), `tags.${key}`);
    expect(p.message).toMatch(message);
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, tags.trim(), valueToken));
  });

  it("accepts letters of any script, spaces, digits and _ . : / = + - @ in keys and values", () => {
    expect(() => parseConfig(withTags('  "Coût centre/2024": "Équipe + ops @ 東京_a=b.c:d-e"\n'))).not.toThrow();
  });

  it(`refuses more than ${MAX_CONFIG_TAGS} tags, counting the landing zone's own and an instance's Name and Patch Group toward AWS's 50`, () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `  t${i}: v\n`).join("");
    expect(() => parseConfig(withTags(tags(MAX_CONFIG_TAGS)))).not.toThrow();
    const text = withTags(tags(MAX_CONFIG_TAGS + 1));
    const p = problemAt(problemsOfText(text), "tags");
    expect(p.message).toBe(`${MAX_CONFIG_TAGS + 1} tags, with the landing zone's own 4 and the 2 an EC2 instance sets itself, exceed AWS's 50 tags per resource`);
    expect(p.hint).toBe(`keep at most ${MAX_CONFIG_TAGS} tags here`);
    expect({ line: p.line, col: p.col }).toEqual({ line: lineOf(text, "tags:"), col: 1 });
  });
});

describe("EC2 instance types", () => {
  const ec2 = (type: string) => exampleText().replace("instanceType: t3.micro", `instanceType: ${type}`);

  it("refuses a size that does not exist (t3.gigantic) at accounts[2].ec2[0].instanceType", () => {
    const text = ec2("t3.gigantic");
    const p = problemAt(problemsOfText(text), "accounts[2].ec2[0].instanceType");
    expect(p.message).toBe('"gigantic" is not an EC2 instance size');
    expect(p.hint).toMatch(/t3\.micro, t3\.large or t3\.2xlarge/);
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, "instanceType: t3.gigantic", "t3.gigantic"));
  });

  it("refuses a family that does not exist, with the closest one", () => {
    const text = ec2("t5.micro");
    const p = problemAt(problemsOfText(text), "accounts[2].ec2[0].instanceType");
    expect(p.message).toBe('"t5" is not an EC2 instance family');
    expect(p.hint).toMatch(/^did you mean "t\d\.micro"\?$/);
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, "instanceType: t5.micro", "t5.micro"));
  });

  it("suggests the size a typo was meant to be", () => {
    expect(problemAt(problemsOfText(ec2("m7i.xlarg")), "accounts[2].ec2[0].instanceType").hint).toBe('did you mean "m7i.xlarge"?');
  });

  it.each(["m7i-flex.large", "c7i.metal-24xl", "u-6tb1.56xlarge", "t4g.nano", "mac2-m2pro.metal"])("accepts %s", (type) => {
    expect(() => parseConfig(ec2(type))).not.toThrow();
  });

  it("refuses an unknown Batch instance family, with the closest one, at its list index", () => {
    const text = exampleText().replace("instanceTypes: [m6i, c6i]", "instanceTypes: [m6i, c6x]");
    const p = problemAt(problemsOfText(text), "accounts[3].batch[0].instanceTypes[1]");
    expect(p.message).toBe('"c6x" is not an EC2 instance family');
    expect(p.hint).toMatch(/^did you mean "c6[a-z]"\?$/);
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, "instanceTypes: [m6i, c6x]", "c6x"));
  });

  it("refuses an unknown Batch instance size", () => {
    const text = exampleText().replace("instanceTypes: [m6i, c6i]", "instanceTypes: [m6i.huge, c6i]");
    const p = problemAt(problemsOfText(text), "accounts[3].batch[0].instanceTypes[0]");
    expect(p.message).toBe('"huge" is not an EC2 instance size');
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, "instanceTypes: [m6i.huge", "m6i.huge"));
  });

  it.each(["optimal", "default_x86_64", "default_arm64", "c7g.4xlarge"])("accepts Batch instance type %s", (type) => {
    expect(() => parseConfig(exampleText().replace("instanceTypes: [m6i, c6i]", `instanceTypes: [${type}]`))).not.toThrow();
  });
});

describe("OU depth", () => {
  const withOu = (ou: string) => exampleText().replace("Workloads/NonProd]", `Workloads/NonProd, ${ou}]`);

  it("refuses an OU path deeper than the 5 levels AWS Organizations allows", () => {
    const text = withOu("A/B/C/D/E/F");
    const p = problemAt(problemsOfText(text), "organization.organizationalUnits[4]");
    expect(p.message).toBe('OU "A/B/C/D/E/F" is 6 levels deep; AWS Organizations nests OUs at most 5 levels under the root');
    expect(p.hint).toMatch(/A\/B\/C\/D\/E$/);
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, "organizationalUnits:", "A/B/C/D/E/F"));
  });

  it("accepts 5 levels", () => {
    expect(() => parseConfig(withOu("A/B/C/D/E"))).not.toThrow();
  });
});

describe("YAML merge keys", () => {
  const merged = exampleText().replace(
    "  - name: analytics-dev\n    type: workload\n",
    "  - <<: &workload { type: workload }\n    name: analytics-dev\n",
  );

  it("are refused with one message at the merge key, not as missing keys", () => {
    const problems = problemsOfText(merged);
    expect(problems.map((p) => formatPath(p.path))).toEqual(["accounts[3].<<"]);
    const p = problems[0];
    expect(p.message).toBe("YAML merge keys (<<) are not supported");
    expect(p.hint).toMatch(/write this entry's keys out in full/);
    expect({ line: p.line, col: p.col }).toEqual(positionOf(merged, "  - <<: &workload", "<<"));
  });

  it("leave the other problems of the file reported", () => {
    const text = merged.replace("homeRegion: us-east-1", "homeRegion: us-east-9");
    expect(problemsOfText(text).map((p) => formatPath(p.path))).toEqual(["homeRegion", "accounts[3].<<"]);
  });
});

describe("values of the wrong type get a hint that fits the field", () => {
  const hint = (text: string, path: string) => problemAt(problemsOfText(text), path);

  it("an unquoted account id: quote it", () => {
    const text = exampleText().replace('id: "333333333333"', "id: 333333333333");
    const p = hint(text, "accounts[1].id");
    expect(p.message).toBe("must be a string");
    expect(p.hint).toBe('quote it: "333333333333"');
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, "id: 333333333333", "333333333333"));
  });

  it("an account id with a leading zero keeps its digits", () => {
    expect(hint(exampleText().replace('id: "333333333333"', "id: 033333333333"), "accounts[1].id").hint).toBe('quote it: "033333333333"');
  });

  it("an email that is a number: what an email looks like, not an account id", () => {
    const text = exampleText().replace("email: aws+network@acme.example", "email: 12345");
    const p = hint(text, "accounts[1].email");
    expect(p.hint).toMatch(/e\.g\. aws\+<account>@example\.com/);
    expect(p.hint).not.toMatch(/123456789012/);
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, "email: 12345", "12345"));
  });

  it("an OU named by a number: quote it", () => {
    const text = exampleText().replace("Workloads/NonProd]", "Workloads/NonProd, 2024]");
    const p = hint(text, "organization.organizationalUnits[4]");
    expect(p.hint).toBe('quote it: "2024"');
    expect({ line: p.line, col: p.col }).toEqual(positionOf(text, "organizationalUnits:", "2024"));
  });

  it("an OU that is a list: one value, and what an OU path looks like", () => {
    const p = hint(exampleText().replace("    ou: Infrastructure", "    ou: [Infrastructure]"), "accounts[1].ou");
    expect(p.hint).toBe("write one value here, not a list; use an OU path from organization.organizationalUnits, e.g. Workloads/Prod");
  });

  it("an image tag read as a number keeps its source text", () => {
    expect(hint(exampleText().replace('tag: "1.0.0"', "tag: 1.10"), "accounts[2].ecs[0].tag").hint).toBe('quote it: "1.10"');
  });

  it("a quoted number: remove the quotes", () => {
    expect(hint(exampleText().replace("cpu: 256 ", 'cpu: "256" '), "accounts[2].ecs[0].cpu").hint).toBe("remove the quotes: 256");
  });
});

describe("the YAML file itself", () => {
  it("holds one document", () => {
    const text = `${exampleText()}---\nname: other\n`;
    const problems = problemsOfText(text, "/tmp/x/landing-zone.yaml");
    expect(problems).toHaveLength(1);
    const second = lineOf(text, "---");
    expect(problems[0].message).toBe(`landing-zone.yaml must hold one YAML document; found 2 (second starts at ${second}:1)`);
    expect(problems[0].message).not.toMatch(/parseAllDocuments/);
    expect({ line: problems[0].line, col: problems[0].col }).toEqual({ line: second, col: 1 });
  });

  it("names an alias without an anchor at its position, instead of crashing", () => {
    const text = exampleText().replace("homeRegion: us-east-1", "homeRegion: *home");
    const problems = problemsOfText(text);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe("YAML alias *home has no anchor &home before it");
    expect({ line: problems[0].line, col: problems[0].col }).toEqual(positionOf(text, "homeRegion: *home", "*home"));
  });

  it("accepts anchors and aliases of whole values", () => {
    const text = exampleText()
      .replace("homeRegion: us-east-1", "homeRegion: &home us-east-1")
      .replace("allowedRegions: [us-east-1, us-west-2]", "allowedRegions: [*home, us-west-2]");
    expect(parseConfig(text).allowedRegions).toEqual(["us-east-1", "us-west-2"]);
  });
});
