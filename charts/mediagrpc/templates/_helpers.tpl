{{/* The name of every object of the release. */}}
{{- define "mediagrpc.name" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the pods: never change them in an upgrade. */}}
{{- define "mediagrpc.selectorLabels" -}}
app.kubernetes.io/name: mediagrpc
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "mediagrpc.labels" -}}
{{ include "mediagrpc.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "mediagrpc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "mediagrpc.name" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The port the kubelet's gRPC probes call: plain h2c, which with TLS on is tls.probePort. */}}
{{- define "mediagrpc.probePort" -}}
{{- if .Values.tls.enabled -}}
{{ .Values.tls.probePort }}
{{- else -}}
{{ .Values.port }}
{{- end -}}
{{- end -}}

{{- define "mediagrpc.workloadIdentity" -}}
{{- and (eq .Values.storage.provider "AzureBlob") (eq .Values.storage.azureBlob.auth "WorkloadIdentity") -}}
{{- end -}}
