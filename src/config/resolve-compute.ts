/** Resolves an account's compute entries: images, references and defaults. Runs after the rules passed. */
import { ImageRef, parseImage } from "./images";
import { ParsedAccount } from "./schema";
import { ComputeKind, ComputeRef, WorkloadCompute } from "./types-compute";

/** The compute entries of an account that own a security group, by name. */
export function computeKinds(account: Pick<ParsedAccount, "ec2" | "ecs" | "batch" | "appRunner">): Map<string, ComputeKind> {
  const out = new Map<string, ComputeKind>();
  for (const kind of ["ec2", "ecs", "batch", "appRunner"] as const) for (const entry of account[kind]) if (!out.has(entry.name)) out.set(entry.name, kind);
  return out;
}

export function resolveCompute(account: ParsedAccount): WorkloadCompute {
  const image = (name: string, tag: string | undefined): ImageRef => {
    const ref = parseImage(name, tag, account.ecr);
    if (typeof ref === "string") throw new Error(ref); // rules reject these before resolve runs
    return ref;
  };
  const kinds = computeKinds(account);
  const ref = (name: string): ComputeRef => ({ kind: kinds.get(name)!, name });
  return {
    ecr: account.ecr,
    ec2: account.ec2.map((e) => ({ ...e, ingress: e.ingress.map((i) => ({ port: i.port, from: ref(i.from) })) })),
    ecs: account.ecs.map(({ tag, autoscaling, loadBalancer, ...s }) => ({
      ...s,
      image: image(s.image, tag),
      autoscaling: autoscaling ?? { min: s.desiredCount, max: Math.max(1, 4 * s.desiredCount), cpuTarget: 60 },
      loadBalancer: loadBalancer && { ...loadBalancer, certificateArn: loadBalancer.certificateArn! },
    })),
    batch: account.batch.map((b) => ({
      ...b,
      instanceTypes: b.instanceTypes ?? ["optimal"],
      jobs: b.jobs.map(({ tag, ...j }) => ({ ...j, image: image(j.image, tag) })),
    })),
    appRunner: account.appRunner.map(({ tag, ...a }) => ({ ...a, image: image(a.image, tag) })),
  };
}
