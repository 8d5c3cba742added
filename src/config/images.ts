/**
 * Container image references in compute entries: the name of an ECR
 * repository of the same account (with `tag`), or a full image URI.
 */
export type ImageRef =
  /** A repository from the account's `ecr` list; the stack wires its URL. */
  | { readonly kind: "ecr"; readonly repository: string; readonly tag: string }
  /** A full URI; `ecrRepositoryArn` is set when it points at a private ECR repository. */
  | { readonly kind: "uri"; readonly uri: string; readonly ecrRepositoryArn?: string; readonly ecrPublic: boolean };

export const DEFAULT_TAG = "latest";

const PRIVATE_ECR = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/** True when `image` names a registry host (docker.io/…, 1234….dkr.ecr…/…, localhost:5000/…). */
function hasRegistry(image: string): boolean {
  const slash = image.indexOf("/");
  if (slash < 0) return false;
  const host = image.slice(0, slash);
  return host.includes(".") || host.includes(":") || host === "localhost";
}

/** True when the last path segment of a URI carries a :tag or an @digest. */
function hasTagOrDigest(uri: string): boolean {
  return uri.includes("@") || uri.slice(uri.lastIndexOf("/") + 1).includes(":");
}

/** Resolves `image` (+ `tag`) against the account's repositories; a string is the reason it cannot. */
export function parseImage(image: string, tag: string | undefined, repositories: readonly string[]): ImageRef | string {
  if (repositories.includes(image)) return { kind: "ecr", repository: image, tag: tag ?? DEFAULT_TAG };
  if (!hasRegistry(image)) return `"${image}" is not a repository in this account's ecr list, nor a full image URI`;
  if (tag !== undefined && hasTagOrDigest(image)) return `"${image}" already has a tag or digest, and tag is set too`;
  const uri = tag !== undefined ? `${image}:${tag}` : image;
  const ecr = PRIVATE_ECR.exec(uri);
  return {
    kind: "uri",
    uri,
    ecrRepositoryArn: ecr ? `arn:aws:ecr:${ecr[2]}:${ecr[1]}:repository/${ecr[3]}` : undefined,
    ecrPublic: uri.startsWith("public.ecr.aws/"),
  };
}
