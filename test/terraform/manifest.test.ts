import { dependencyWaves, readManifest } from "../../src/terraform/manifest";
import { EXAMPLE_STACKS, synthConfig } from "../helpers/synth";

const stack = (name: string, ...dependencies: string[]) => ({ name, dependencies });
const names = (waves: { name: string }[][]) => waves.map((w) => w.map((s) => s.name));

describe("dependency waves", () => {
  it("puts each stack after everything it depends on, and parallel stacks together", () => {
    const waves = dependencyWaves([stack("w-b", "network", "org"), stack("network", "org", "boot"), stack("org", "boot"), stack("boot"), stack("logging", "org", "boot"), stack("w-a", "network")]);
    expect(names(waves)).toEqual([["boot"], ["org"], ["logging", "network"], ["w-a", "w-b"]]);
  });

  it("refuses a cycle and names the stacks in it", () => {
    expect(() => dependencyWaves([stack("a", "b"), stack("b", "a"), stack("c")])).toThrow("stacks form a dependency cycle: a, b");
  });

  it("refuses a dependency on a stack that does not exist", () => {
    expect(() => dependencyWaves([stack("a", "ghost")])).toThrow("stack a depends on unknown stack ghost");
  });

  it("orders the example: bootstrap, organization, the access stacks, logging and network, then the workloads", () => {
    const waves = names(dependencyWaves(readManifest(synthConfig().outdir)));
    const startingWith = (prefix: string) => EXAMPLE_STACKS.filter((name) => name.startsWith(prefix));
    expect(waves).toEqual([
      ["bootstrap"],
      ["organization"],
      startingWith("access-"),
      ["logging"],
      ["network"], // its AWS Config recorders deliver to the logging stack's Config bucket
      startingWith("workload-"),
      ["security"], // organization Config rules after every account's recorders
      ["identity-center"], // people last: account stacks hold the policies its sets reference
    ]);
    expect(waves.flat().sort()).toEqual(EXAMPLE_STACKS);
  });
});
