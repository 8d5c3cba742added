// Preloaded into every node process of a measured command (NODE_OPTIONS=--require):
// appends this process's peak RSS (KiB) and CPU time (user and system, µs) to $LZ_BENCH_RSS_FILE on exit.
const fs = require("node:fs");
const file = process.env.LZ_BENCH_RSS_FILE;
if (file)
  process.on("exit", () => {
    const u = process.resourceUsage();
    fs.appendFileSync(file, `${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}\n`);
  });
