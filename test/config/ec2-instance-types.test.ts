/** The EC2 family list and size grammar stay in step with the EC2 API's own enum (@aws-sdk/client-ec2). */
import { _InstanceType } from "@aws-sdk/client-ec2";
import { EC2_INSTANCE_FAMILIES, EC2_INSTANCE_SIZE, instanceTypeProblem } from "../../src/config/ec2-instance-types";

const sdkTypes: string[] = Object.values(_InstanceType);

describe("EC2 instance types", () => {
  it("know every family the installed EC2 SDK knows", () => {
    const families = new Set(sdkTypes.map((t) => t.split(".")[0]));
    expect([...families].filter((f) => !EC2_INSTANCE_FAMILIES.has(f))).toEqual([]);
  });

  it("accept every size the installed EC2 SDK knows", () => {
    expect(sdkTypes.map((t) => t.slice(t.indexOf(".") + 1)).filter((s) => !EC2_INSTANCE_SIZE.test(s))).toEqual([]);
  });

  it("accept every instance type of the EC2 API", () => {
    expect(sdkTypes.filter((t) => instanceTypeProblem(t) !== undefined)).toEqual([]);
  });

  it("refuse a bare family where a size is needed, and accept it where Batch takes families", () => {
    expect(instanceTypeProblem("m6i")?.message).toBe('"m6i" has no size');
    expect(instanceTypeProblem("m6i", true)).toBeUndefined();
  });
});
