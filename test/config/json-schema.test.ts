import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonSchema } from "../../src/config/json-schema";
import { exampleText, ROOT } from "../helpers/synth";

describe("landing-zone.schema.json", () => {
  it("is up to date with the zod schema (run npm run schema)", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "landing-zone.schema.json"), "utf8"))).toEqual(jsonSchema());
  });

  it("is referenced from the example by a yaml-language-server modeline", () => {
    expect(exampleText().split("\n")[0]).toBe("# yaml-language-server: $schema=./landing-zone.schema.json");
  });

  it("refuses unknown keys everywhere, like the parser", () => {
    const schema = jsonSchema() as { additionalProperties: boolean; properties: Record<string, { additionalProperties?: boolean }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.organization.additionalProperties).toBe(false);
  });
});
