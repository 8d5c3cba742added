/** Shared compute helpers: bounded resource names and least-privilege secret access. */
import { boundedName } from "../../../modules/compute/resource-names";
import { secretReadStatements, secretResourceArn } from "../../../modules/compute/secrets";

describe("bounded resource names", () => {
  it("keeps names that fit", () => {
    expect(boundedName(["acme", "web"], 32)).toBe("acme-web");
  });

  it("cuts long names to the limit with a hash, deterministically and distinctly", () => {
    const a = boundedName(["acme-landing-zone", "payments-service-frontend-a"], 32);
    const b = boundedName(["acme-landing-zone", "payments-service-frontend-b"], 32);
    expect(a).toHaveLength(32);
    expect(a).toMatch(/^acme-landing-zone-payment-[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
    expect(boundedName(["acme-landing-zone", "payments-service-frontend-a"], 32)).toBe(a);
  });
});

describe("secret access", () => {
  it("grants a Secrets Manager secret by its full ARN, adding AWS's suffix wildcard when the ARN lacks it", () => {
    expect(secretResourceArn("arn:aws:secretsmanager:us-east-1:444444444444:secret:db-AbCdEf")).toBe("arn:aws:secretsmanager:us-east-1:444444444444:secret:db-AbCdEf");
    expect(secretResourceArn("arn:aws:secretsmanager:us-east-1:444444444444:secret:db")).toBe("arn:aws:secretsmanager:us-east-1:444444444444:secret:db-??????");
    expect(secretResourceArn("arn:aws:secretsmanager:us-east-1:444444444444:secret:db-AbCdEf:password::")).toBe("arn:aws:secretsmanager:us-east-1:444444444444:secret:db-AbCdEf");
  });

  it("grants nothing when there are no secrets", () => {
    expect(secretReadStatements([], "arn:key", "us-east-1")).toEqual([]);
  });

  it("decrypts with the account key only through Secrets Manager and SSM", () => {
    const [, decrypt] = secretReadStatements(["arn:aws:ssm:us-east-1:444444444444:parameter/x"], "arn:key", "us-east-1");
    expect(decrypt).toMatchObject({ actions: ["kms:Decrypt"], resources: ["arn:key"] });
    expect(decrypt.condition).toEqual([{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"] }]);
  });
});
