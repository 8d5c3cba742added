// Preloaded into every node process of a measured command (NODE_OPTIONS=--require):
// appends this process's peak RSS in KiB to $LZ_BENCH_RSS_FILE on exit.
const fs = require("node:fs");
const file = process.env.LZ_BENCH_RSS_FILE;
if (file) process.on("exit", () => fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
