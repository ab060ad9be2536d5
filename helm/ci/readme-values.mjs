// readme-values.mjs - every value of values.yaml is documented in the
// chart's README (as `dotted.path` in a table). Objects are walked into,
// except `resources`, which is documented as one value.
//
//   node readme-values.mjs TOOLS_DIR CHART_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir, chart] = process.argv.slice(2);
const YAML = (await import(pathToFileURL(join(toolsDir, "npm/node_modules/yaml/dist/index.js")).href)).default;
const values = YAML.parse(readFileSync(join(chart, "values.yaml"), "utf8"));
const readme = readFileSync(join(chart, "README.md"), "utf8");

const paths = [];
(function walk(node, prefix) {
  for (const [k, v] of Object.entries(node)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length && k !== "resources") {
      walk(v, p);
    } else {
      paths.push(p);
    }
  }
})(values, "");
const missing = paths.filter((p) => !readme.includes("`" + p + "`"));
for (const p of missing) console.error(`README.md does not document ${p}`);
console.log(`README documents ${paths.length - missing.length} of ${paths.length} values`);
process.exit(missing.length ? 1 : 0);
