// `node --import ./cpu-at-exit.mjs ...`: at exit, writes the whole process's CPU time (user + system, from process
// start, Node's own bootstrap included) and peak RSS as one JSON line to file descriptor 3, which the parent
// opened as a pipe. Loaded the same way for every variant, so its own small cost is in all of them.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const cpu = process.cpuUsage();
  try {
    writeSync(
      3,
      `${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS })}\n`,
    );
  } catch {
    // no fd 3: run by hand
  }
});
