/** Customer-managed keys, found by alias as the stacks name them. */
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KeyMetadata, KMSClient } from "@aws-sdk/client-kms";
import { ClientOptions } from "../helpers/aws";

/** The key behind `alias/<alias>` in the account `client` acts in: enabled, customer-managed, rotating. */
export async function assertKey(client: ClientOptions, alias: string): Promise<KeyMetadata> {
  const kms = new KMSClient(client);
  const key = (await kms.send(new DescribeKeyCommand({ KeyId: `alias/${alias}` }))).KeyMetadata!;
  expect({ alias, enabled: key.Enabled, manager: key.KeyManager }).toEqual({ alias, enabled: true, manager: "CUSTOMER" });
  expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(true);
  return key;
}
