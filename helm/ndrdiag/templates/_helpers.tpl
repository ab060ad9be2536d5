{{/* Names, labels and the values every pod shares. */}}

{{- define "ndrdiag.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ndrdiag.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A component's object name: "<fullname>-<component>", within 63 characters. */}}
{{- define "ndrdiag.component" -}}
{{- printf "%s-%s" (include "ndrdiag.fullname" .root | trunc (int (sub 62 (len .component))) | trimSuffix "-") .component }}
{{- end }}

{{- define "ndrdiag.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ndrdiag.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ndrdiag.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "ndrdiag.labels" -}}
helm.sh/chart: {{ include "ndrdiag.chart" .root }}
{{ include "ndrdiag.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: ndrdiag
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "ndrdiag.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "ndrdiag.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ndrdiag.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Hardened container securityContext (same for every ndrdiag container). */}}
{{- define "ndrdiag.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "ndrdiag.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
fsGroup: {{ .fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
NDRDIAG_REDIS for frontend and workers: the bundled Redis's URL, or the URL
from the external Redis's Secret (so the password never lands in a manifest).
*/}}
{{- define "ndrdiag.redisEnv" -}}
- name: NDRDIAG_REDIS
{{- if .Values.redis.enabled }}
  value: {{ printf "redis://%s:%d/0" (include "ndrdiag.component" (dict "root" . "component" "redis")) (int .Values.redis.port) | quote }}
{{- else }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.externalRedis.existingSecret }}
      key: {{ .Values.externalRedis.existingSecretKey }}
{{- end }}
{{- end }}

{{/* Env shared by frontend and workers. */}}
{{- define "ndrdiag.commonEnv" -}}
{{ include "ndrdiag.redisEnv" . }}
- name: NDRDIAG_LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
- name: NDRDIAG_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: NDRDIAG_RETENTION
  value: {{ .Values.retention | quote }}
- name: NDRDIAG_METRICS_LISTEN
  value: {{ ternary (include "ndrdiag.hostPort" (dict "host" .Values.bindAddress "port" .Values.metrics.port)) "" .Values.metrics.enabled | quote }}
{{- end }}

{{/* HOST:PORT, bracketing IPv6 hosts. */}}
{{- define "ndrdiag.hostPort" -}}
{{- if contains ":" .host }}[{{ .host }}]:{{ .port }}{{ else }}{{ .host }}:{{ .port }}{{ end }}
{{- end }}

{{/*
Value checks no JSON schema can express well; rendered by validate.yaml so
that `helm template`, `lint` and `install` all fail with one clear message.
*/}}
{{- define "ndrdiag.validate" -}}
{{- if and .Values.worker.keda.enabled (not (kindIs "invalid" .Values.worker.replicas)) }}
{{- fail "worker.replicas and worker.keda.enabled are exclusive: with KEDA scaling the workers, set worker.replicas to null (KEDA's minReplicaCount/maxReplicaCount bound the pool)" }}
{{- end }}
{{- if and (not .Values.worker.keda.enabled) (kindIs "invalid" .Values.worker.replicas) }}
{{- fail "worker.replicas is null but worker.keda.enabled is false: set one of them" }}
{{- end }}
{{- if and (not .Values.redis.enabled) (not .Values.externalRedis.existingSecret) }}
{{- fail "redis.enabled is false: set externalRedis.existingSecret to a Secret holding the Redis URL" }}
{{- end }}
{{- if and .Values.redis.enabled .Values.externalRedis.existingSecret }}
{{- fail "redis.enabled and externalRedis.existingSecret are exclusive: pick the bundled Redis or an external one" }}
{{- end }}
{{- if and .Values.worker.keda.enabled (not .Values.redis.enabled) (not .Values.externalRedis.keda.address) }}
{{- fail "worker.keda.enabled with an external Redis needs externalRedis.keda.address (host:port): KEDA cannot read the URL Secret" }}
{{- end }}
{{- if and .Values.worker.keda.enabled (gt (int .Values.worker.keda.minReplicaCount) (int .Values.worker.keda.maxReplicaCount)) }}
{{- fail "worker.keda.minReplicaCount must not exceed worker.keda.maxReplicaCount" }}
{{- end }}
{{- if and .Values.frontend.autoscaling.enabled (gt (int .Values.frontend.autoscaling.minReplicas) (int .Values.frontend.autoscaling.maxReplicas)) }}
{{- fail "frontend.autoscaling.minReplicas must not exceed frontend.autoscaling.maxReplicas" }}
{{- end }}
{{- if and .Values.metrics.enabled (or (eq (int .Values.metrics.port) (int .Values.frontend.port)) (eq (int .Values.metrics.port) (int .Values.worker.healthPort))) }}
{{- fail "metrics.port must differ from frontend.port and worker.healthPort" }}
{{- end }}
{{- end }}

{{/* NetworkPolicy egress rules: to Redis, to DNS. */}}
{{- define "ndrdiag.redisEgress" -}}
- ports:
    - port: {{ ternary .Values.redis.port .Values.externalRedis.port .Values.redis.enabled }}
      protocol: TCP
  {{- if .Values.redis.enabled }}
  to:
    - podSelector:
        matchLabels:
          {{- include "ndrdiag.selectorLabels" (dict "root" . "component" "redis") | nindent 10 }}
  {{- else if .Values.externalRedis.cidrs }}
  to:
    {{- range .Values.externalRedis.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  {{- end }}
{{- end }}
{{- define "ndrdiag.dnsEgress" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}
