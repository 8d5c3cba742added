/**
 * AWS SDK v3 clients against the emulator, acting in a given account: the
 * management account with plain credentials, a member account through
 * sts:AssumeRole into its access role, as the landing zone's providers do.
 */
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsCredentialIdentity } from "@aws-sdk/types";
import { Emulator } from "./moto";

export const PLAIN_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: "test", secretAccessKey: "test" };

export interface ClientOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
  /** S3 by path (the endpoint is an IP address). */
  readonly forcePathStyle: true;
}

/** Where and as whom a test talks to the emulator. */
export class AwsWorld {
  private readonly cache = new Map<string, Promise<AwsCredentialIdentity>>();

  constructor(
    readonly emulator: Pick<Emulator, "endpoint">,
    readonly region: string,
    readonly managementAccountId: string,
    readonly accessRoleName: string,
  ) {}

  /** Client options acting in `accountId` (assumed role unless it is the management account). */
  async in(accountId: string): Promise<ClientOptions> {
    return { endpoint: this.emulator.endpoint, region: this.region, credentials: await this.credentials(accountId), forcePathStyle: true };
  }

  private credentials(accountId: string): Promise<AwsCredentialIdentity> {
    if (accountId === this.managementAccountId) return Promise.resolve(PLAIN_CREDENTIALS);
    let found = this.cache.get(accountId);
    if (!found) {
      found = this.assume(accountId);
      this.cache.set(accountId, found);
    }
    return found;
  }

  private async assume(accountId: string): Promise<AwsCredentialIdentity> {
    const sts = new STSClient({ endpoint: this.emulator.endpoint, region: this.region, credentials: PLAIN_CREDENTIALS });
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${this.accessRoleName}`, RoleSessionName: "lz-e2e-verify" }),
    );
    return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
  }
}
