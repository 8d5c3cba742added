/** JSON Schema of the config, generated from the zod schema (`npm run schema`). */
import { z } from "zod";
import { configSchema } from "./schema";

export function jsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", target: "draft-7" }),
    title: "landing-zone.yaml",
    description: "Declarative description of a multi-account AWS landing zone.",
  };
}
