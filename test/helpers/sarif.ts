/**
 * Checks a document against the shape SARIF 2.1.0 requires (the OASIS
 * standard's required properties and enumerations for what lz writes),
 * offline. Returns the problems found, empty when valid.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const LEVELS = ["none", "note", "warning", "error"];
const SUPPRESSION_KINDS = ["inSource", "external"];
const SUPPRESSION_STATUS = ["accepted", "underReview", "rejected"];
const ROLES = ["analysisTarget", "attachment", "responseFile", "resultFile", "standardStream", "tracedFile", "unmodified", "modified", "added", "deleted", "renamed", "uncontrolled", "driver", "extension", "translation", "taxonomy", "policy", "referencedOnCommandLine", "memoryContents", "directory", "userSpecifiedConfiguration", "toolSpecifiedConfiguration", "debugOutputFile"];

export function sarifProblems(doc: unknown): string[] {
  const p: string[] = [];
  const need = (cond: boolean, what: string) => {
    if (!cond) p.push(what);
  };
  const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  need(isObj(doc), "log is an object");
  if (!isObj(doc)) return p;
  need(doc.version === "2.1.0", 'version is "2.1.0"');
  for (const k of Object.keys(doc)) need(["$schema", "version", "runs", "inlineExternalProperties", "properties"].includes(k), `no unknown log property ${k}`);
  need(Array.isArray(doc.runs), "runs is an array");
  for (const [ri, run] of ((doc.runs as unknown[]) ?? []).entries()) {
    const at = `runs[${ri}]`;
    if (!isObj(run)) {
      p.push(`${at} is an object`);
      continue;
    }
    const driver = isObj(run.tool) ? run.tool.driver : undefined;
    need(isObj(driver) && typeof driver.name === "string" && driver.name.length > 0, `${at}.tool.driver.name`);
    const rules = isObj(driver) && Array.isArray(driver.rules) ? (driver.rules as Obj[]) : [];
    rules.forEach((r, i) => {
      need(typeof r.id === "string", `${at}.tool.driver.rules[${i}].id`);
      for (const k of ["shortDescription", "fullDescription", "help"]) if (r[k] !== undefined) need(isObj(r[k]) && typeof (r[k] as Obj).text === "string", `${at}.rules[${i}].${k}.text`);
      if (isObj(r.defaultConfiguration)) need(LEVELS.includes(String(r.defaultConfiguration.level)), `${at}.rules[${i}].defaultConfiguration.level`);
    });
    for (const [ai, a] of ((run.artifacts as Obj[]) ?? []).entries()) {
      need(isObj(a.location) && typeof a.location.uri === "string", `${at}.artifacts[${ai}].location.uri`);
      for (const role of (a.roles as string[]) ?? []) need(ROLES.includes(role), `${at}.artifacts[${ai}].roles: ${role}`);
    }
    need(Array.isArray(run.results), `${at}.results is an array`);
    for (const [i, r] of ((run.results as unknown[]) ?? []).entries()) {
      const rat = `${at}.results[${i}]`;
      if (!isObj(r)) {
        p.push(`${rat} is an object`);
        continue;
      }
      need(isObj(r.message) && (typeof r.message.text === "string" || typeof r.message.id === "string"), `${rat}.message.text`);
      if (r.level !== undefined) need(LEVELS.includes(String(r.level)), `${rat}.level`);
      if (r.ruleIndex !== undefined) need(Number.isInteger(r.ruleIndex) && rules[r.ruleIndex as number]?.id === r.ruleId, `${rat}.ruleIndex points at ruleId`);
      for (const [li, loc] of ((r.locations as Obj[]) ?? []).entries()) {
        const pl = loc.physicalLocation;
        if (pl === undefined) continue;
        need(isObj(pl) && isObj(pl.artifactLocation) && typeof pl.artifactLocation.uri === "string", `${rat}.locations[${li}].physicalLocation.artifactLocation.uri`);
        if (isObj(pl) && pl.region !== undefined) {
          const region = pl.region as Obj;
          need(posInt(region.startLine), `${rat}.locations[${li}].region.startLine >= 1`);
          if (region.startColumn !== undefined) need(posInt(region.startColumn), `${rat}.locations[${li}].region.startColumn >= 1`);
        }
      }
      for (const s of (r.suppressions as Obj[]) ?? []) {
        need(SUPPRESSION_KINDS.includes(String(s.kind)), `${rat}.suppressions.kind`);
        if (s.status !== undefined) need(SUPPRESSION_STATUS.includes(String(s.status)), `${rat}.suppressions.status`);
      }
      if (r.partialFingerprints !== undefined) need(isObj(r.partialFingerprints) && Object.values(r.partialFingerprints).every((v) => typeof v === "string"), `${rat}.partialFingerprints are strings`);
    }
  }
  return p;
}
