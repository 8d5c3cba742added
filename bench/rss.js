// Preloaded into every node process of a measured command (NODE_OPTIONS=--require):
// appends this process's peak RSS (KiB) and CPU time (user and system, µs) to $LZ_BENCH_RSS_FILE on exit.
const fs = require("node:fs");
const file = process.env.LZ_BENCH_RSS_FILE;
// A worker thread of a parallel synth preloads this too: process.resourceUsage() counts the whole process
// (every thread), so only the main thread records it.
if (file && require("node:worker_threads").isMainThread)
  process.on("exit", () => {
    const u = process.resourceUsage();
    fs.appendFileSync(file, `${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}\n`);
  });
