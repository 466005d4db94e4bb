package load

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const repairHead = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
`

// loadDeployment loads a Deployment whose Pod spec is spec (indented for
// spec.template.spec) and returns it, typed, with the rule IDs of the
// loader's findings.
func loadDeployment(t *testing.T, spec string) (*appsv1.Deployment, bool, []string) {
	t.Helper()
	r := Bytes("d.yaml", []byte(repairHead+spec), Options{})
	if len(r.Objects) != 1 {
		t.Fatalf("objects = %d, want 1; findings %v", len(r.Objects), r.Diagnostics)
	}
	var rules []string
	for _, d := range r.Diagnostics {
		rules = append(rules, d.Rule)
	}
	d, ok := r.Objects[0].Typed.(*appsv1.Deployment)
	if !ok {
		t.Fatalf("typed = %T", r.Objects[0].Typed)
	}
	return d, r.Objects[0].Rejected, rules
}

// TestRepairKeepsTheRest checks that a schema or ambiguous-scalar finding
// costs only its own field: the object still decodes whole, with the text
// the user meant for an unquoted yes, and is not Rejected.
func TestRepairKeepsTheRest(t *testing.T) {
	d, rejected, rules := loadDeployment(t, `      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicyy: Always
          resources: {limits: {cpu: 500x, memory: yes}}
          env:
            - {name: DEBUG, value: yes}
            - {name: MODE, value: 0755}
            - {name: LIST, value: [a]}
            - {name: LAST, value: kept}
          ports:
            - containerPort: "80"
            - {containerPort: 81, name: on}
            - https
            - containerPort: 443
          livenessProbe:
            httpGet: {port: true, path: /}
      nodeName: node-1
`)
	if rejected {
		t.Error("Rejected is set, though every bad value was repaired")
	}
	if want := 10; len(rules) != want {
		t.Errorf("loader findings %v, want %d, one per bad value", rules, want)
	}
	spec := d.Spec.Template.Spec
	c := spec.Containers[0]
	if c.Image != "nginx:1.27" || spec.NodeName != "node-1" {
		t.Errorf("image %q, nodeName %q: the fields around the bad ones are lost", c.Image, spec.NodeName)
	}
	if _, ok := c.Resources.Limits[corev1.ResourceCPU]; ok || len(c.Resources.Limits) != 0 {
		t.Errorf("limits = %v, want none: 500x and yes are no quantities", c.Resources.Limits)
	}
	wantEnv := []corev1.EnvVar{{Name: "DEBUG", Value: "yes"}, {Name: "MODE", Value: "0755"}, {Name: "LIST"}, {Name: "LAST", Value: "kept"}}
	if len(c.Env) != len(wantEnv) {
		t.Fatalf("env = %v, want %v", c.Env, wantEnv)
	}
	for i := range wantEnv {
		if c.Env[i] != wantEnv[i] {
			t.Errorf("env[%d] = %+v, want %+v", i, c.Env[i], wantEnv[i])
		}
	}
	wantPorts := []corev1.ContainerPort{{}, {ContainerPort: 81, Name: "on"}, {}, {ContainerPort: 443}}
	if len(c.Ports) != len(wantPorts) {
		t.Fatalf("ports = %v, want %v: a bad item keeps its place", c.Ports, wantPorts)
	}
	for i := range wantPorts {
		if c.Ports[i] != wantPorts[i] {
			t.Errorf("ports[%d] = %+v, want %+v", i, c.Ports[i], wantPorts[i])
		}
	}
	if got := c.LivenessProbe.HTTPGet.Port; got != intstr.FromString("true") {
		t.Errorf("probe port = %v, want the text true", got)
	}
	if got := c.LivenessProbe.HTTPGet.Path; got != "/" {
		t.Errorf("probe path = %q, want /", got)
	}
}

// TestRepairFollowsTheJSON checks repairs where the JSON differs from
// the YAML: a key written twice (the JSON keeps the last value) and map
// keys that YAML 1.1 turns into other text.
func TestRepairFollowsTheJSON(t *testing.T) {
	d, rejected, _ := loadDeployment(t, `      nodeSelector:
        yes: on
        0755: fine
      containers:
        - name: web
          image: [bad]
          image: nginx:1.27
          env:
            - {name: A, value: yes}
`)
	if rejected {
		t.Error("Rejected is set, though every bad value was repaired")
	}
	spec := d.Spec.Template.Spec
	if got := spec.Containers[0].Image; got != "nginx:1.27" {
		t.Errorf("image = %q: the repair of the first, shadowed value removed the second", got)
	}
	if spec.NodeSelector["true"] != "on" || spec.NodeSelector["493"] != "fine" {
		t.Errorf("nodeSelector = %v, want true=on and 493=fine (keys as kubectl sends them)", spec.NodeSelector)
	}
	if got := spec.Containers[0].Env[0].Value; got != "yes" {
		t.Errorf("env value = %q, want yes", got)
	}
}

// TestRepairOutOfReach checks that a bad value the schema check does not
// walk (merged in with <<) leaves the object Rejected: Typed may lack the
// fields after it.
func TestRepairOutOfReach(t *testing.T) {
	d, rejected, rules := loadDeployment(t, `      containers:
        - <<: {name: web, image: nginx:1.27, resources: {limits: {cpu: 500x}}}
`)
	if !rejected {
		t.Error("Rejected is not set, though the bad value was not repaired")
	}
	if len(rules) != 1 || rules[0] != Schema.ID {
		t.Errorf("findings %v, want one schema finding", rules)
	}
	if d.Spec.Selector == nil {
		t.Error("the selector, decoded before the bad value, is lost")
	}
}

// TestRepairCustomWorkload checks that a wrong value in the Pod template
// of a custom workload, which is decoded leniently, no longer hides the
// whole template from the Pod rules.
func TestRepairCustomWorkload(t *testing.T) {
	r := Bytes("r.yaml", []byte(`apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: yes}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - {name: DEBUG, value: yes}
`), Options{})
	if len(r.Objects) != 1 {
		t.Fatalf("objects = %d", len(r.Objects))
	}
	w := r.Objects[0].Workload
	if w == nil || w.Template == nil || w.Selector == nil {
		t.Fatalf("workload = %+v, want its template and selector", w)
	}
	if got := w.Template.Spec.Containers[0].Env[0].Value; got != "yes" {
		t.Errorf("env value = %q, want yes", got)
	}
	if got := w.Selector.MatchLabels["app"]; got != "yes" {
		t.Errorf("selector app = %q, want yes", got)
	}
}
