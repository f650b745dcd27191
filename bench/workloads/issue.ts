/**
 * One issueBatch measurement in a child process: `node issue.js <template> <recipients> <outDir> <workers>`.
 * Reports the wall time, the time of each phase and the peak memory of the process (workers included).
 */
import { issueBatch } from "../../sdk/src/batch/issueBatch";
import { report } from "./report";

const [template, recipients, outDir, workers] = process.argv.slice(2);
const baseRss = process.memoryUsage().rss;
const phases: Record<string, number> = {};
const started = performance.now();
const cpuStart = process.cpuUsage();
issueBatch({
  template,
  recipients,
  outDir,
  workers: Number(workers),
  onProgress: ({ phase }) => {
    phases[phase] ??= performance.now() - started;
  },
}).then(
  ({ manifest }) => {
    const totalMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart); // all threads of the process
    report(
      {
        n: manifest.leafCount,
        totalMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        hashingMs: phases.tree ?? 0,
        treeMs: (phases.writing ?? totalMs) - (phases.tree ?? 0),
        writingMs: totalMs - (phases.writing ?? totalMs),
      },
      baseRss,
    );
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
