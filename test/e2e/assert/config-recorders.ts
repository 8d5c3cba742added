/**
 * AWS Config in every account (management, logging, network, security, workloads) and every allowed
 * region, read back with signed calls (the project has no Config SDK client): the recorder (global
 * resource types in the home region only), its delivery channel to the logging account's Config bucket
 * under config/ with a KMS key, and the recorder's status (recording).
 */
import { CONFIG_KEY_PREFIX, configBucketName } from "../../../src/stacks/names";
import { signedCall as call } from "../helpers/signed";
import { accountIdOf } from "./accounts";
import { StackContext } from "./context";

export async function assertConfigRecorders(ctx: StackContext): Promise<void> {
  const { config } = ctx;
  if (!config.securityServices.config) return;
  const bucket = configBucketName(config.name, await accountIdOf(ctx, config.loggingAccount));
  const accounts = [config.organization.managementAccountId, ...(await Promise.all(config.accounts.map((a) => accountIdOf(ctx, a))))];
  for (const account of accounts) {
    const client = await ctx.aws.in(account);
    for (const region of config.allowedRegions) {
      const target = (action: string) => call(client, region, "config", "POST", "/", {}, `StarlingDoveService.${action}`);
      const { ConfigurationRecorders } = await target("DescribeConfigurationRecorders");
      expect({ account, region, recorders: ConfigurationRecorders.map((r: { name: string; recordingGroup: { allSupported: boolean; includeGlobalResourceTypes: boolean } }) => [r.name, r.recordingGroup.allSupported, r.recordingGroup.includeGlobalResourceTypes]) }).toEqual({
        account,
        region,
        recorders: [[config.name, true, region === config.homeRegion]],
      });
      const { DeliveryChannels } = await target("DescribeDeliveryChannels");
      expect({ account, region, channels: DeliveryChannels.map((c: { s3BucketName: string; s3KeyPrefix: string; s3KmsKeyArn?: string }) => [c.s3BucketName, c.s3KeyPrefix, Boolean(c.s3KmsKeyArn)]) }).toEqual({
        account,
        region,
        channels: [[bucket, CONFIG_KEY_PREFIX, true]],
      });
      const { ConfigurationRecordersStatus } = await target("DescribeConfigurationRecorderStatus");
      expect({ account, region, recording: ConfigurationRecordersStatus.map((s: { recording: boolean }) => s.recording) }).toEqual({ account, region, recording: [true] });
    }
  }
}
