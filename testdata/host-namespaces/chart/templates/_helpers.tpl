{{- define "node-agent.labels" -}}
app: {{ .Chart.Name }}
{{- end }}
