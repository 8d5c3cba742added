/**
 * What the report reads from the stack models, besides their providers and resource counts: the
 * topology's, the cost estimate's and the security-service evidence's resource types. A parallel synth
 * hands the worker threads' stacks to the main thread with only these (and what the app-wide rules
 * read); a model refuses any other type (NotShippedError), so a report reading a type missing here
 * fails in the tests (test/stacks/parallel-synth.test.ts) instead of drawing from missing elements.
 */
import { PRICED_TYPES } from "./cost";
import { SECURITY_SERVICE_EVIDENCE } from "./security-services";
import { TOPOLOGY_READS } from "./topology-model";

export const REPORT_READS: readonly string[] = [...new Set([...TOPOLOGY_READS, ...PRICED_TYPES, ...SECURITY_SERVICE_EVIDENCE.flatMap((s) => s.types)])];
