import { exampleConfig } from "../helpers/synth";

describe("config resolution", () => {
  const config = exampleConfig();

  it("defaults the state region to the home region", () => {
    expect(config.state.region).toBe("us-east-1");
  });

  it("honours an explicit workload CIDR and allocates the next free block for the other", () => {
    const byName = Object.fromEntries(config.workloads.map((w) => [w.name, w]));
    expect(byName["payments-prod"]).toMatchObject({ cidr: "10.16.0.0/20", cidrSource: "explicit" });
    expect(byName["analytics-dev"]).toMatchObject({ cidr: "10.16.16.0/20", cidrSource: "pool" });
  });

  it("picks out the logging and network accounts", () => {
    expect(config.loggingAccount.name).toBe("log-archive");
    expect(config.networkAccount.name).toBe("network");
    expect(config.workloads.map((w) => w.stackName)).toEqual(["workload-payments-prod", "workload-analytics-dev"]);
  });

  it("carves hub subnets per AZ in three tiers", () => {
    expect(config.network.hub.subnets).toEqual({
      private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
      public: ["10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"],
      transit: ["10.0.192.0/28", "10.0.192.16/28", "10.0.192.32/28"],
    });
  });

  it("resolves each interface endpoint to its DNS zone and endpoint-policy support", () => {
    const dkr = config.network.hub.interfaceEndpoints.find((e) => e.service === "ecr.dkr");
    expect(dkr).toEqual({
      service: "ecr.dkr",
      serviceName: "com.amazonaws.us-east-1.ecr.dkr",
      zoneName: "dkr.ecr.us-east-1.amazonaws.com",
      wildcard: true,
      supportsPolicy: true,
      policySource: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html",
    });
  });
});
