/**
 * jest globalSetup: the report tests render HTML in headless Chromium
 * (Debian's `chromium`). Install it when missing, so the browser test runs
 * everywhere instead of being skipped. Set LZ_CHROMIUM to use another binary.
 */
const { existsSync } = require("node:fs");
const { execFileSync } = require("node:child_process");

const CHROMIUM = process.env.LZ_CHROMIUM || "/usr/bin/chromium";

module.exports = async function installChromium() {
  if (existsSync(CHROMIUM)) return;
  const apt = (args) => execFileSync("apt-get", ["-o", "DPkg::Lock::Timeout=600", ...args], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  process.stderr.write(`\n${CHROMIUM} is missing; installing Debian's chromium for the report rendering test...\n`);
  try {
    apt(["install", "-y", "--no-install-recommends", "chromium"]);
  } catch {
    apt(["update"]);
    apt(["install", "-y", "--no-install-recommends", "chromium"]);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`installing chromium did not provide ${CHROMIUM}`);
};
