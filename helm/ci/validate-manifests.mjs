// validate-manifests.mjs - validates every object of rendered Helm output
// against the Kubernetes schemas of the npm package kubernetes-models (and
// its KEDA and Prometheus Operator CRD models), since no cluster runs here.
//
//   node validate-manifests.mjs TOOLS_DIR FILE.yaml...
//
// Two checks per object:
//   1. the model's own validate(): types, formats, enums, required fields;
//   2. unknown fields, which (1) lets through (the schemas do not forbid
//      additional properties): each field of the object is replaced in turn
//      by a value no typed schema accepts; a field the schema knows then
//      fails at its own path, a field it does not know passes silently and
//      is reported. A field whose schema accepts anything (free-form, e.g.
//      x-kubernetes-preserve-unknown-fields) would be reported too: list
//      such paths in FREE_FORM (none of this chart's objects has one).
// An object of a kind without a model fails the run: nothing is skipped
// silently. Exit status: 0 all valid, 1 any invalid, 2 bad usage.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir, ...files] = process.argv.slice(2);
if (!toolsDir || files.length === 0) {
  console.error("usage: node validate-manifests.mjs TOOLS_DIR FILE.yaml...");
  process.exit(2);
}
const modules = join(toolsDir, "npm", "node_modules");
const load = (rel) => import(pathToFileURL(join(modules, rel)).href);
const YAML = (await load("yaml/dist/index.js")).default;

// apiVersion -> folder of its model classes (one file per kind).
function modelFile(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh") return `@kubernetes-models/keda/keda.sh/${version}/${kind}.js`;
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${kind}.js`;
  }
  return group === "" ? `kubernetes-models/${version}/${kind}.js`
                      : `kubernetes-models/${group}/${version}/${kind}.js`;
}

// Paths (JSON pointers, * = any key) whose values are free-form by design.
const FREE_FORM = [];
const PROBE = Symbol("probe");  // fails every typed schema (not JSON)

const escape = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

function errorsOf(Model, data) {
  try {
    new Model(data).validate();
    return [];
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    return e.errors;
  }
}

// Every [pointer, parent, key] of object fields below `node` (array elements
// are walked into, not probed: their index is not a field name).
function* fields(node, pointer) {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* fields(node[i], `${pointer}/${i}`);
  } else if (node && typeof node === "object") {
    for (const key of Object.keys(node)) {
      const p = `${pointer}/${escape(key)}`;
      yield [p, node, key];
      yield* fields(node[key], p);
    }
  }
}

function unknownFields(Model, doc) {
  const unknown = [];
  for (const [pointer, parent, key] of fields(doc, "")) {
    if (pointer === "/apiVersion" || pointer === "/kind") continue;
    if (unknown.some((u) => pointer.startsWith(`${u}/`))) continue;  // report the top one only
    if (FREE_FORM.some((f) => new RegExp(`^${f.replace(/\*/g, "[^/]+")}$`).test(pointer))) continue;
    const saved = parent[key];
    parent[key] = PROBE;
    const hit = errorsOf(Model, doc).some(
      (e) => e.instancePath === pointer || e.instancePath.startsWith(`${pointer}/`));
    parent[key] = saved;
    if (!hit) unknown.push(pointer);
  }
  return unknown;
}

let objects = 0, invalid = 0;
const kinds = new Map();
for (const file of files) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  for (const d of docs) {
    if (d.errors.length) {
      console.error(`${file}: YAML error: ${d.errors[0].message}`);
      invalid++;
      continue;
    }
    const doc = d.toJSON();
    if (doc === null || doc === undefined) continue;  // empty document
    objects++;
    const id = `${file}: ${doc.kind ?? "?"}/${doc.metadata?.name ?? "?"}`;
    if (!doc.apiVersion || !doc.kind) {
      console.error(`${id}: no apiVersion or kind`);
      invalid++;
      continue;
    }
    const rel = modelFile(doc.apiVersion, doc.kind);
    if (!existsSync(join(modules, rel))) {
      console.error(`${id}: no schema for ${doc.apiVersion} ${doc.kind} (${rel}): cannot validate`);
      invalid++;
      continue;
    }
    const Model = (await load(rel))[doc.kind];
    const problems = errorsOf(Model, structuredClone(doc))
      .map((e) => `${e.instancePath || "/"} ${e.message}`);
    if (problems.length === 0) {
      for (const p of unknownFields(Model, structuredClone(doc))) problems.push(`${p} is not a field of ${doc.kind}`);
    }
    if (problems.length) {
      invalid++;
      for (const p of problems) console.error(`${id}: ${p}`);
    }
    kinds.set(doc.kind, (kinds.get(doc.kind) ?? 0) + 1);
  }
}
const summary = [...kinds].map(([k, n]) => `${n} ${k}`).join(", ");
console.log(`validated ${objects} objects (${summary}): ${invalid} invalid`);
process.exit(invalid ? 1 : 0);
