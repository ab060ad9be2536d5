// expectations.mjs - what each rendered values variant must contain, beyond
// schema validity: the promises of the chart (hardening, probes, drain time,
// KEDA xor fixed replicas, Redis durability, ServiceMonitor only with its
// CRD, ...). Reads OUT_DIR/<variant>.yaml as written by helm/ci/check.
//
//   node expectations.mjs TOOLS_DIR OUT_DIR
//
// Prints one line per failed expectation; exit 1 if any failed.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir, outDir] = process.argv.slice(2);
const YAML = (await import(pathToFileURL(join(toolsDir, "npm/node_modules/yaml/dist/index.js")).href)).default;

let failures = 0, checks = 0;
function expect(variant, what, cond) {
  checks++;
  if (!cond) {
    failures++;
    console.error(`${variant}: expected ${what}`);
  }
}

function load(variant) {
  const file = join(outDir, `${variant}.yaml`);
  if (!existsSync(file)) throw new Error(`${file} was not rendered`);
  return YAML.parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJSON()).filter(Boolean);
}
const find = (docs, kind, suffix) =>
  docs.find((d) => d.kind === kind && (!suffix || d.metadata.name.endsWith(suffix)));
const all = (docs, kind) => docs.filter((d) => d.kind === kind);
const env = (container, name) => container.env?.find((e) => e.name === name);
const seconds = (s) => {
  const m = /^(\d+)s$/.exec(s ?? "");
  return m ? Number(m[1]) : NaN;
};

// Promises every variant keeps.
function common(variant, docs) {
  for (const w of [...all(docs, "Deployment"), ...all(docs, "StatefulSet"), ...all(docs, "Pod")]) {
    const pod = w.kind === "Pod" ? w.spec : w.spec.template.spec;
    const id = `${w.kind}/${w.metadata.name}`;
    expect(variant, `${id} pod runAsNonRoot and seccomp RuntimeDefault`,
      pod.securityContext?.runAsNonRoot === true && pod.securityContext?.seccompProfile?.type === "RuntimeDefault");
    for (const c of pod.containers) {
      const sc = c.securityContext ?? {};
      expect(variant, `${id}/${c.name} hardened (read-only root, no privilege escalation, drop ALL, RuntimeDefault)`,
        sc.readOnlyRootFilesystem === true && sc.allowPrivilegeEscalation === false && sc.runAsNonRoot === true &&
        JSON.stringify(sc.capabilities?.drop) === '["ALL"]' && sc.seccompProfile?.type === "RuntimeDefault");
      if (w.kind !== "Pod") {
        expect(variant, `${id}/${c.name} has startup, readiness and liveness probes`,
          c.startupProbe && c.readinessProbe && c.livenessProbe);
      }
    }
  }
  for (const component of ["frontend", "worker"]) {
    const d = find(docs, "Deployment", `-${component}`);
    expect(variant, `a ${component} Deployment`, d);
    if (!d) continue;
    const c = d.spec.template.spec.containers[0];
    for (const p of ["startupProbe", "readinessProbe"]) {
      expect(variant, `${component} ${p} is a native gRPC probe`, c[p]?.grpc?.port > 0);
    }
    // Not gRPC health: that follows Redis, and liveness must not restart
    // every pod during a Redis outage.
    expect(variant, `${component} livenessProbe checks the same port's socket`,
      c.livenessProbe?.tcpSocket?.port === c.ports.find((p) => p.containerPort === c.readinessProbe.grpc.port)?.name);
    expect(variant, `${component} takes NDRDIAG_REDIS`, env(c, "NDRDIAG_REDIS"));
  }
  const w = find(docs, "Deployment", "-worker");
  const f = find(docs, "Deployment", "-frontend");
  if (w) {
    const c = w.spec.template.spec.containers[0];
    const grace = seconds(env(c, "NDRDIAG_GRACE_PERIOD")?.value);
    expect(variant, `worker terminationGracePeriodSeconds (${w.spec.template.spec.terminationGracePeriodSeconds}) > --grace-period (${grace})`,
      w.spec.template.spec.terminationGracePeriodSeconds > grace);
    expect(variant, "worker consumer name = pod name",
      env(c, "NDRDIAG_CONSUMER")?.valueFrom?.fieldRef?.fieldPath === "metadata.name");
    expect(variant, "worker health endpoint on its probe port",
      env(c, "NDRDIAG_HEALTH_LISTEN")?.value.endsWith(`:${c.readinessProbe.grpc.port}`));
  }
  if (f) {
    const c = f.spec.template.spec.containers[0];
    const grace = seconds(env(c, "NDRDIAG_SHUTDOWN_GRACE")?.value);
    expect(variant, "frontend terminationGracePeriodSeconds > --shutdown-grace",
      f.spec.template.spec.terminationGracePeriodSeconds > grace);
  }
  const so = find(docs, "ScaledObject");
  expect(variant, "KEDA xor fixed worker replicas", w && (so ? w.spec.replicas === undefined : w.spec.replicas >= 1));
  if (so) {
    const t = so.spec.triggers[0];
    expect(variant, "ScaledObject targets the worker Deployment", so.spec.scaleTargetRef.name === w.metadata.name);
    expect(variant, "redis-streams trigger on ndrdiag:jobs / workers with lagCount",
      t.type === "redis-streams" && t.metadata.stream === "ndrdiag:jobs" && t.metadata.consumerGroup === "workers" &&
      Number(t.metadata.lagCount) > 0 && !("pendingEntriesCount" in t.metadata));
  }
  const hpa = find(docs, "HorizontalPodAutoscaler");
  expect(variant, "HPA xor fixed frontend replicas", f && (hpa ? f.spec.replicas === undefined : f.spec.replicas >= 1));
  // PDBs exactly where more than one replica runs.
  const wMin = so ? so.spec.minReplicaCount : w?.spec.replicas;
  const fMin = hpa ? hpa.spec.minReplicas : f?.spec.replicas;
  expect(variant, `worker PDB iff min replicas (${wMin}) > 1`, !!find(docs, "PodDisruptionBudget", "-worker") === wMin > 1);
  expect(variant, `frontend PDB iff min replicas (${fMin}) > 1`, !!find(docs, "PodDisruptionBudget", "-frontend") === fMin > 1);
  const redis = find(docs, "StatefulSet", "-redis");
  if (redis) {
    const cmd = redis.spec.template.spec.containers[0].command.join(" ");
    expect(variant, "Redis with AOF and appendfsync always", /--appendonly yes/.test(cmd) && /--appendfsync always/.test(cmd));
    expect(variant, "Redis rewrites its AOF uncompressed at 400 % growth", /--rdbcompression no/.test(cmd) && /--auto-aof-rewrite-percentage 400/.test(cmd));
    expect(variant, "Redis data on a PVC", redis.spec.volumeClaimTemplates?.[0]?.metadata.name === "data");
  }
  const np = all(docs, "NetworkPolicy");
  for (const p of np) {
    expect(variant, `${p.metadata.name} restricts both directions`,
      JSON.stringify(p.spec.policyTypes) === '["Ingress","Egress"]');
  }
  const wnp = find(docs, "NetworkPolicy", "-worker");
  if (wnp) {
    const ports = wnp.spec.egress.flatMap((r) => r.ports.map((p) => `${p.port}/${p.protocol}`));
    expect(variant, "workers may reach DNS (53 udp+tcp) and SMTP (25)",
      ["53/UDP", "53/TCP", "25/TCP"].every((p) => ports.includes(p)));
  }
  const fnp = find(docs, "NetworkPolicy", "-frontend");
  if (fnp) {
    const ports = fnp.spec.egress.flatMap((r) => r.ports.map((p) => p.port));
    expect(variant, "frontend egress only to Redis and DNS", ports.every((p) => p === 53 || p === 6379 || p === 6380));
  }
}

const variants = {
  default(docs) {
    expect("default", "JSON logs", env(find(docs, "Deployment", "-worker").spec.template.spec.containers[0], "NDRDIAG_LOG_FORMAT")?.value === "json");
    expect("default", "the bundled Redis", find(docs, "StatefulSet", "-redis"));
    expect("default", "no ScaledObject", !find(docs, "ScaledObject"));
    expect("default", "no ServiceMonitor", !find(docs, "ServiceMonitor"));
    expect("default", "three NetworkPolicies", all(docs, "NetworkPolicy").length === 3);
    expect("default", "a helm test pod running ndrdiag diagnose",
      all(docs, "Pod").some((p) => p.spec.containers[0].command.join(" ").includes(" diagnose ")));
    expect("default", "metrics ports on the frontend Service",
      find(docs, "Service", "-frontend").spec.ports.map((p) => p.name).join() === "grpc,metrics");
  },
  "keda-values"(docs) {
    expect("keda-values", "a ScaledObject", find(docs, "ScaledObject"));
    expect("keda-values", "a frontend HPA", find(docs, "HorizontalPodAutoscaler"));
    const rnp = find(docs, "NetworkPolicy", "-redis");
    expect("keda-values", "the KEDA operator let into Redis",
      JSON.stringify(rnp.spec.ingress[0].from).includes('"kubernetes.io/metadata.name":"keda"'));
  },
  "external-redis-values"(docs) {
    expect("external-redis-values", "no bundled Redis", !find(docs, "StatefulSet"));
    const c = find(docs, "Deployment", "-worker").spec.template.spec.containers[0];
    const ref = env(c, "NDRDIAG_REDIS")?.valueFrom?.secretKeyRef;
    expect("external-redis-values", "the Redis URL from the Secret", ref?.name === "ndrdiag-redis" && ref?.key === "url");
    const wnp = find(docs, "NetworkPolicy", "-worker");
    expect("external-redis-values", "egress to the external Redis's CIDR and port",
      wnp.spec.egress.some((r) => r.ports[0].port === 6380 && r.to?.[0]?.ipBlock?.cidr === "10.20.0.0/16"));
  },
  "external-redis-keda-values"(docs) {
    const so = find(docs, "ScaledObject");
    expect("external-redis-keda-values", "a ScaledObject on the external address",
      so?.spec.triggers[0].metadata.address === "redis.data.svc.cluster.local:6379" &&
      so.spec.triggers[0].metadata.databaseIndex === "2");
    const ta = find(docs, "TriggerAuthentication");
    expect("external-redis-keda-values", "a TriggerAuthentication with the password from the Secret",
      ta?.spec.secretTargetRef[0].parameter === "password" && so?.spec.triggers[0].authenticationRef?.name === ta.metadata.name);
  },
  "metrics-off-values"(docs) {
    const text = JSON.stringify(docs);
    expect("metrics-off-values", "no metrics port anywhere", !text.includes('"name":"metrics"'));
    expect("metrics-off-values", "no ServiceMonitor although enabled", !find(docs, "ServiceMonitor"));
    const c = find(docs, "Deployment", "-frontend").spec.template.spec.containers[0];
    expect("metrics-off-values", "NDRDIAG_METRICS_LISTEN empty (disabled)", env(c, "NDRDIAG_METRICS_LISTEN")?.value === "");
    expect("metrics-off-values", "text logs", env(c, "NDRDIAG_LOG_FORMAT")?.value === "text");
  },
  "minimal-values"(docs) {
    for (const k of ["PodDisruptionBudget", "NetworkPolicy", "Pod", "ServiceAccount"]) {
      expect("minimal-values", `no ${k}`, !find(docs, k));
    }
  },
  "full-values"(docs) {
    expect("full-values", "a ServiceMonitor (CRD available)", find(docs, "ServiceMonitor"));
    const c = find(docs, "Deployment", "-worker").spec.template.spec.containers[0];
    expect("full-values", "the image pinned by digest", c.image.includes("@sha256:"));
    expect("full-values", "IPv6 listen address", env(c, "NDRDIAG_HEALTH_LISTEN")?.value === "[::]:50052");
    expect("full-values", "resolvers as one comma-separated env", env(c, "NDRDIAG_RESOLVER")?.value === "10.96.0.10,[fd00::10]:53");
  },
  "full-values-no-crd"(docs) {
    expect("full-values-no-crd", "no ServiceMonitor without the monitoring.coreos.com/v1 API", !find(docs, "ServiceMonitor"));
  },
};

for (const [variant, check] of Object.entries(variants)) {
  const docs = load(variant);
  common(variant, docs);
  check(docs);
}
console.log(`expectations: ${checks - failures} of ${checks} held`);
process.exit(failures ? 1 : 0);
