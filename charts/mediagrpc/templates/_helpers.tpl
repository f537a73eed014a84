{{- define "mediagrpc.name" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mediagrpc.labels" -}}
app.kubernetes.io/name: mediagrpc
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
