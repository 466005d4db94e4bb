package rules

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
)

// TestInvalidValueServerMessages pins invalid-value to what the API
// server's validation code of Kubernetes 1.37 (k8s.io/kubernetes, the
// function named in each case) returns for the value: the field path and
// the field.Error text, so a finding reads as kubectl apply would print it.
func TestInvalidValueServerMessages(t *testing.T) {
	const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	for _, tt := range []struct {
		name, kube, spec string
		want             []string
	}{
		{
			// core/validation.validatePullPolicy: NotSupported over supportedPullPolicies
			name: "pull policy", spec: `  containers: [{name: a, image: x:1, imagePullPolicy: always}]`,
			want: []string{`spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"`},
		},
		{
			// core/validation.validateContainerPorts: IsValidPortNum, IsValidPortName, supportedPortProtocols
			name: "ports", spec: `  containers: [{name: a, image: x:1, ports: [{name: a--b, containerPort: 0, protocol: udp}]}]`,
			want: []string{
				`spec.containers[0].ports[0].containerPort: Required value`,
				`spec.containers[0].ports[0].name: Invalid value: "a--b": must not contain consecutive hyphens`,
				`spec.containers[0].ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"`,
			},
		},
		{
			// core/validation.validateContainerCommon: ValidateDNS1123Label on the name
			name: "container name", spec: `  containers: [{name: web_1, image: x:1}]`,
			want: []string{`spec.containers[0].name: Invalid value: "web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`},
		},
		{
			// core/validation.validateHandler: numHandlers > 1 is Forbidden at the second handler; none is Required
			name: "probe handlers", spec: `  containers: [{name: a, image: x:1, livenessProbe: {exec: {command: [a]}, grpc: {port: 1}}, readinessProbe: {periodSeconds: 1}}]`,
			want: []string{
				`spec.containers[0].livenessProbe.grpc: Forbidden: may not specify more than 1 handler type`,
				`spec.containers[0].readinessProbe: Required value: must specify a handler type`,
			},
		},
		{
			// core/validation.validateProbe: liveness and startup successThreshold must be 1
			name: "liveness success threshold", spec: `  containers: [{name: a, image: x:1, livenessProbe: {tcpSocket: {port: 80}, successThreshold: 2}}]`,
			want: []string{`spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1`},
		},
		{
			// core/validation.validateVolumeSource: more than one source is Forbidden at the second
			name: "two volume sources", spec: "  containers: [{name: a, image: x:1}]\n  volumes: [{name: v, emptyDir: {}, secret: {secretName: s}}]",
			want: []string{`spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type`},
		},
		{
			// SetDefaults_Volume makes a volume with no source an emptyDir before validation
			name: "volume with no source", spec: "  containers: [{name: a, image: x:1}]\n  volumes: [{name: v}]",
		},
		{
			// core/validation.ValidateResourceRequirements: request above limit
			name: "request above limit", spec: `  containers: [{name: a, image: x:1, resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}}]`,
			want: []string{`spec.containers[0].resources.requests.cpu: Invalid value: "2": must be less than or equal to cpu limit of 1`},
		},
		{
			// core/validation.validateContainerResourceName: an unqualified name must be a standard resource
			name: "resource name", spec: `  containers: [{name: a, image: x:1, resources: {limits: {gpu: "1"}}}]`,
			want: []string{`spec.containers[0].resources.limits.gpu: Invalid value: "gpu": must be a standard resource for containers`},
		},
		{
			// core/validation.validateTopologySpreadConstraints and validateMinDomains
			name: "topology spread", spec: "  containers: [{name: a, image: x:1}]\n  topologySpreadConstraints: [{maxSkew: 0, topologyKey: '', whenUnsatisfiable: ScheduleAnyway, minDomains: 2}]",
			want: []string{
				`spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero`,
				`spec.topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway`,
				`spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty`,
			},
		},
		{
			// core/validation.ValidateTolerations: Exists with a value; tolerationSeconds without NoExecute
			name: "tolerations", spec: "  containers: [{name: a, image: x:1}]\n  tolerations: [{key: k, operator: Exists, value: v, effect: NoSchedule, tolerationSeconds: 5}]",
			want: []string{
				`spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when ` + "`tolerationSeconds`" + ` is set`,
				`spec.tolerations[0].value: Invalid value: "v": value must be empty when ` + "`operator`" + ` is 'Exists'`,
			},
		},
		{
			// core/validation.validateEnvVarValueFrom: two sources
			name: "env two sources", spec: `  containers: [{name: a, image: x:1, env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}, secretKeyRef: {name: s, key: k}}}]}]`,
			want: []string{`spec.containers[0].env[0].valueFrom.secretKeyRef: Invalid value: "": may not have more than one field specified at a time`},
		},
		{
			// RelaxedEnvironmentVariableValidation (on from 1.32): ValidateEnv uses IsRelaxedEnvVarName
			name: "env name relaxed", spec: `  containers: [{name: a, image: x:1, env: [{name: "1 A", value: x}]}]`,
		},
		{
			// before 1.32 ValidateEnv used IsEnvVarName
			name: "env name strict before 1.32", kube: "1.31", spec: `  containers: [{name: a, image: x:1, env: [{name: "1-A", value: x}]}]`,
			want: []string{`spec.containers[0].env[0].name: Invalid value: "1-A": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`},
		},
		{
			// core/validation.validateInitContainers: probes only on restartable (sidecar) init containers
			name: "init container probe", spec: "  initContainers: [{name: i, image: x:1, readinessProbe: {tcpSocket: {port: 1}}}]\n  containers: [{name: a, image: x:1}]",
			want: []string{`spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`},
		},
		{
			// core/validation.validateDNSPolicy and validatePodDNSConfig
			name: "dns none", spec: "  dnsPolicy: None\n  containers: [{name: a, image: x:1}]",
			want: []string{"spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"},
		},
		{
			// core/validation.validateHostNetwork: hostPort must equal containerPort
			name: "host network ports", spec: "  hostNetwork: true\n  containers: [{name: a, image: x:1, ports: [{containerPort: 80, hostPort: 8080}]}]",
			want: []string{"spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"},
		},
		{
			// core/validation.validateSeccompProfileField: Localhost needs localhostProfile
			name: "seccomp localhost", spec: "  securityContext: {seccompProfile: {type: Localhost}}\n  containers: [{name: a, image: x:1}]",
			want: []string{`spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when profile type is "Localhost"`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			kube := DefaultKubeVersion()
			if tt.kube != "" {
				var err error
				if kube, err = ParseKubeVersion(tt.kube); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, d := range analyzertest.LintBytes(t, "p.yaml", []byte(pod+tt.spec+"\n"), []*analyzer.Rule{NewInvalidValue(kube)}) {
				if d.Rule != "invalid-value" {
					t.Errorf("unexpected %s: %s", d.Rule, d.Message)
					continue
				}
				got = append(got, d.Message)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}
