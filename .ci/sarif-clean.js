// Reads the SARIF logs the SARIF Multitool's validate writes (see .ci/run)
// and exits 1, listing them, when they hold a result above a note: podlint's
// SARIF must validate with no errors and no warnings. The multitool itself
// exits 0 either way.
const fs = require("fs");
let n = 0;
for (const file of process.argv.slice(2)) {
  for (const run of JSON.parse(fs.readFileSync(file, "utf8")).runs) {
    for (const r of run.results || []) {
      if (r.level === "note" || r.level === "none") continue;
      n++;
      console.log(`${file}: ${r.level || "warning"} ${r.ruleId}: ${(r.message.arguments || []).join("; ")}`);
    }
  }
}
process.exit(n > 0 ? 1 : 0);
