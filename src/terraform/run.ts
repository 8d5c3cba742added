/** Runs terraform in a stack directory, capturing output. */
import { spawn } from "node:child_process";

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", ["-chdir=" + cwd, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => reject(new Error(`cannot run terraform: ${e.message}; install Terraform >= 1.11 and put it on PATH`)));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
