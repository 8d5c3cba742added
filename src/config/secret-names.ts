/**
 * Environment variable names that say "I am a secret": the config refuses them
 * in plain `environment` (rules-compute.ts) and the guardrails flag them in
 * synthesized container definitions (src/policy/rules/containers.ts).
 */
export const SECRET_NAME = /(secret|passw(or)?d|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)/i;
