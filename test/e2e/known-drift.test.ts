/** The re-plan check tolerates only the emulator drift it names, attribute by attribute. */
import { classifyDrift } from "./helpers/known-drift";

const change = (address: string, type: string, actions: string[], before: Record<string, unknown>, after: Record<string, unknown>) => ({ address, type, change: { actions, before, after } });

describe("known emulator drift", () => {
  it("tolerates a user_data-only update of an instance, and says why", () => {
    const { tolerated, unexplained } = classifyDrift({ resource_changes: [change("aws_instance.api", "aws_instance", ["update"], { user_data: "a", ami: "x" }, { user_data: "b", ami: "x" })] });
    expect(unexplained).toEqual([]);
    expect(tolerated[0]).toMatch(/^aws_instance.api \[update\] user_data: moto 5.2.1/);
  });

  it("fails any other attribute, a replacement, or another resource type", () => {
    const { unexplained } = classifyDrift({
      resource_changes: [
        change("aws_instance.api", "aws_instance", ["update"], { user_data: "a", instance_type: "t3.micro" }, { user_data: "b", instance_type: "t3.small" }),
        change("aws_instance.web", "aws_instance", ["delete", "create"], { user_data: "a" }, { user_data: "b" }),
        change("aws_vpc.hub", "aws_vpc", ["update"], { user_data: "a" }, { user_data: "b" }),
        change("aws_vpc.ok", "aws_vpc", ["no-op"], {}, {}),
      ],
    });
    expect(unexplained.map((u) => u.split(" ")[0])).toEqual(["aws_instance.api", "aws_instance.web", "aws_vpc.hub"]);
  });
});
