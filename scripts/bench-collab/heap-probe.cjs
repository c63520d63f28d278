// Preloaded (node --expose-gc --require …) into a benchmarked server process, whichever server it
// is: on SIGUSR2 it collects garbage (twice, so objects freed by finalizers of the first pass go
// too) and writes process.memoryUsage() to HEAP_PROBE_FILE. The memory benchmark reads what each
// server RETAINS per connection this way, besides its RSS growth (which also counts garbage not
// yet collected and memory the allocator keeps).
const { renameSync, writeFileSync } = require("node:fs");

process.on("SIGUSR2", () => {
  globalThis.gc();
  globalThis.gc();
  const file = process.env.HEAP_PROBE_FILE;
  writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
  renameSync(`${file}.tmp`, file);
});
