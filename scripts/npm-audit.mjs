// `npm audit` for the npm package folders the tests use (end2end/, tools/), failing on a high or
// critical advisory. npm asks the registry's audit service (a POST); where that service cannot be
// reached, or refuses (some mirrors and proxies answer 405), this says so in one line per folder
// and does not fail: nothing was checked, and the line must say that rather than pass quietly.
//
//   node scripts/npm-audit.mjs end2end tools
//
// Exit 1 when a folder has a high or critical advisory (or npm's answer cannot be read); 0
// otherwise. TURNAROUND_REQUIRE_AUDIT=1 turns "could not be checked" into a failure too, for
// machines that do reach the service.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error("usage: node scripts/npm-audit.mjs FOLDER...");
  process.exit(2);
}
const required = process.env.TURNAROUND_REQUIRE_AUDIT === "1";
let failed = false;

for (const folder of folders) {
  const run = spawnSync("npm", ["audit", "--json"], {
    cwd: resolve(folder),
    encoding: "utf8",
    timeout: 120_000,
  });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    console.log(`${folder}: npm audit gave no answer to read (exit ${run.status}): ${run.stderr.trim()}`);
    failed = true;
    continue;
  }
  if (report.error || !report.metadata) {
    const why = report.message || report.error?.summary || "no report";
    console.log(
      `\x1b[33m${folder}: npm advisories NOT checked\x1b[0m: the registry's audit service did not answer ` +
        `(${why}). Run \`npm audit\` in ${folder}/ on a machine that reaches registry.npmjs.org's audit service.`,
    );
    if (required) failed = true;
    continue;
  }
  const counts = report.metadata.vulnerabilities;
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  const total = report.metadata.dependencies?.total ?? "?";
  console.log(
    `${folder}: ${total} packages; advisories: critical ${counts.critical}, high ${counts.high}, ` +
      `moderate ${counts.moderate}, low ${counts.low}`,
  );
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    const via = v.via.map((x) => (typeof x === "string" ? x : `${x.title} (${x.url})`)).join("; ");
    console.log(`  ${v.severity}: ${name} ${v.range}: ${via}`);
  }
  if (serious > 0) failed = true;
}
process.exit(failed ? 1 : 0);
