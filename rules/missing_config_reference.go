package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podlint/podlint/analyzer"
)

// MissingConfigReference reports a Pod spec that reads a ConfigMap or
// Secret, or a key of one, that the linted set does not hold.
var MissingConfigReference = &analyzer.Rule{
	ID:       "missing-config-reference",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "Pod spec reads a ConfigMap or Secret key that is not there",
		Why: "A container whose env, envFrom or volume reads a ConfigMap or Secret that does not exist, or a key the " +
			"object lacks, does not start: the kubelet reports CreateContainerConfigError, or the volume never " +
			"mounts. A missing key is reported whenever the object is in the linted files (and holds data written " +
			"there, not injected by a controller); a missing object only when the linted files hold objects of that " +
			"kind in the namespace and something ties the reference to them (a name one typo away, or for a " +
			"ConfigMap one of the workload's release): Secrets are often made at run time (by a Job, an operator, " +
			"by hand), and a folder may read what another folder applies. Names a custom " +
			"resource of the namespace mentions (an ExternalSecret, a SealedSecret, a cert-manager Certificate, a " +
			"kustomize generator) count as made, and references marked optional: true are never reported.",
		Bad:  missingConfigReferenceBad,
		Good: missingConfigReferenceGood,
	},
	Applies:  analyzer.HasPodSpec,
	CheckSet: checkMissingConfigReference,
}

// A configRef is one reference of a Pod spec to a ConfigMap or Secret.
type configRef struct {
	kind, name string
	keys       []string        // keys it reads; none for the whole object
	keyPaths   []analyzer.Path // where each key is named
	at         analyzer.Path   // where the name is
	what       string          // how it is read, for messages
}

// alwaysThere are ConfigMaps the control plane (or a mesh) publishes in every namespace.
var alwaysThere = map[string]bool{"kube-root-ca.crt": true, "openshift-service-ca.crt": true, "istio-ca-root-cert": true}

// A configObject is the keys of the ConfigMaps or Secrets of one name.
type configObject struct {
	objs     []*analyzer.Object
	keys     map[string]bool
	injected bool // a controller fills it in: its keys are not all written
}

func checkMissingConfigReference(pass *analyzer.SetPass) error {
	objects := map[objectKey]*configObject{}
	present := map[string][]*analyzer.Object{} // kind -> its objects
	mentioned := map[string]bool{}             // strings of custom resources, which may make objects
	for _, o := range pass.Objects {
		switch t := o.Typed.(type) {
		case *corev1.ConfigMap:
			c := configObjectFor(objects, o)
			for k := range t.Data {
				c.keys[k] = true
			}
			for k := range t.BinaryData {
				c.keys[k] = true
			}
			c.injected = c.injected || len(t.Data)+len(t.BinaryData) == 0 || injectedAnnotation(o)
			present["ConfigMap"] = append(present["ConfigMap"], o)
		case *corev1.Secret:
			c := configObjectFor(objects, o)
			for k := range t.Data {
				c.keys[k] = true
			}
			for k := range t.StringData {
				c.keys[k] = true
			}
			c.injected = c.injected || len(t.Data)+len(t.StringData) == 0 || injectedAnnotation(o) ||
				t.Type == corev1.SecretTypeServiceAccountToken || t.Type == corev1.SecretTypeTLS && len(t.Data)+len(t.StringData) < 2
			present["Secret"] = append(present["Secret"], o)
		default:
			// A CRD defines a kind and makes no objects: the strings of
			// its schema (descriptions, enums) name nothing that exists.
			if !o.BuiltinKind() && len(o.JSON) > 0 && o.GVK.GroupKind() != crdKind {
				collectStrings(o.JSON, mentioned)
			}
		}
	}
	if len(present) == 0 {
		return nil // the ConfigMaps and Secrets live elsewhere: nothing to judge by
	}
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		spec, ok := o.PodSpec()
		if !ok || o.Rejected || o.IsPatch() {
			continue
		}
		for _, ref := range configRefs(spec) {
			if len(present[ref.kind]) == 0 || alwaysThere[ref.name] && ref.kind == "ConfigMap" || mentioned[ref.name] {
				continue
			}
			c := objects[objectKey{ref.kind, ref.name}]
			var found []*analyzer.Object
			if c != nil {
				found = view.relatedOf(o, c.objs)
			}
			if len(found) == 0 {
				reportMissingConfig(pass, view, o, ref, present[ref.kind])
				continue
			}
			if c.injected {
				continue
			}
			for i, k := range ref.keys {
				if c.keys[k] {
					continue
				}
				pass.Report(analyzer.Diagnostic{Object: o, Path: ref.keyPaths[i],
					Message: fmt.Sprintf("%s reads key %q of %s %q (%s), which has no such key (its keys: %s); the container cannot start. Add the key, or mark the reference optional: true",
						o, k, ref.kind, ref.name, ref.what, strings.Join(sortedKeys(c.keys), ", ")),
					Related: []analyzer.Related{{Object: found[0], Path: analyzer.Path{}.Field("data"), Message: fmt.Sprintf("%s %q", ref.kind, ref.name)}}})
			}
		}
	}
	return nil
}

func configObjectFor(objects map[objectKey]*configObject, o *analyzer.Object) *configObject {
	k := objectKey{o.Kind, o.Name}
	c := objects[k]
	if c == nil {
		c = &configObject{keys: map[string]bool{}}
		objects[k] = c
	}
	c.objs = append(c.objs, o)
	return c
}

// injectedAnnotation reports an annotation that asks a controller to fill
// the object in (cert-manager's CA injector, OpenShift's service CA).
func injectedAnnotation(o *analyzer.Object) bool {
	for k := range o.Annotations {
		if strings.Contains(k, "inject") {
			return true
		}
	}
	return false
}

func reportMissingConfig(pass *analyzer.SetPass, view applyView, o *analyzer.Object, ref configRef, present []*analyzer.Object) {
	var names []string
	tied := false
	for _, p := range view.relatedOf(o, present) {
		names = append(names, p.Name)
		tied = tied || ref.kind == "ConfigMap" && sameReleaseObject(p, o)
	}
	slices.Sort(names)
	hint := closestName(ref.name, names)
	if hint == "" && !tied {
		return // most likely made by other means
	}
	msg := fmt.Sprintf("%s reads %s %q (%s), which is not in namespace %q of the linted files; the container cannot start until it exists (mark the reference optional: true if it may be absent)",
		o, ref.kind, ref.name, ref.what, o.Namespace)
	if hint != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", hint)
	}
	pass.Report(analyzer.Diagnostic{Object: o, Path: ref.at, Message: msg})
}

// collectStrings adds every string value of a JSON document to out.
func collectStrings(data []byte, out map[string]bool) {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return
	}
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			out[t] = true
		case []any:
			for _, x := range t {
				walk(x)
			}
		case map[string]any:
			for _, x := range t {
				walk(x)
			}
		}
	}
	walk(v)
}

// configRefs returns the references of a Pod spec to ConfigMaps and
// Secrets that must exist: optional ones are left out.
func configRefs(spec analyzer.PodSpec) []configRef {
	var out []configRef
	required := func(optional *bool) bool { return optional == nil || !*optional }
	for c := range spec.Containers() {
		for i, e := range c.Env {
			if e.ValueFrom == nil {
				continue
			}
			at := c.Path.Field("env").Index(i).Field("valueFrom")
			what := fmt.Sprintf("env %s of %s %q", e.Name, c.Kind, c.Name)
			if r := e.ValueFrom.ConfigMapKeyRef; r != nil && r.Name != "" && required(r.Optional) {
				p := at.Field("configMapKeyRef")
				out = append(out, configRef{kind: "ConfigMap", name: r.Name, keys: []string{r.Key}, keyPaths: []analyzer.Path{p.Field("key")}, at: p.Field("name"), what: what})
			}
			if r := e.ValueFrom.SecretKeyRef; r != nil && r.Name != "" && required(r.Optional) {
				p := at.Field("secretKeyRef")
				out = append(out, configRef{kind: "Secret", name: r.Name, keys: []string{r.Key}, keyPaths: []analyzer.Path{p.Field("key")}, at: p.Field("name"), what: what})
			}
		}
		for i, e := range c.EnvFrom {
			at := c.Path.Field("envFrom").Index(i)
			what := fmt.Sprintf("envFrom of %s %q", c.Kind, c.Name)
			if r := e.ConfigMapRef; r != nil && r.Name != "" && required(r.Optional) {
				out = append(out, configRef{kind: "ConfigMap", name: r.Name, at: at.Field("configMapRef").Field("name"), what: what})
			}
			if r := e.SecretRef; r != nil && r.Name != "" && required(r.Optional) {
				out = append(out, configRef{kind: "Secret", name: r.Name, at: at.Field("secretRef").Field("name"), what: what})
			}
		}
	}
	items := func(ref configRef, ks []corev1.KeyToPath, at analyzer.Path) configRef {
		for i, k := range ks {
			ref.keys = append(ref.keys, k.Key)
			ref.keyPaths = append(ref.keyPaths, at.Index(i).Field("key"))
		}
		return ref
	}
	for i, v := range spec.Volumes {
		at := spec.Path.Field("volumes").Index(i)
		what := fmt.Sprintf("volume %q", v.Name)
		if s := v.ConfigMap; s != nil && s.Name != "" && required(s.Optional) {
			p := at.Field("configMap")
			out = append(out, items(configRef{kind: "ConfigMap", name: s.Name, at: p.Field("name"), what: what}, s.Items, p.Field("items")))
		}
		if s := v.Secret; s != nil && s.SecretName != "" && required(s.Optional) {
			p := at.Field("secret")
			out = append(out, items(configRef{kind: "Secret", name: s.SecretName, at: p.Field("secretName"), what: what}, s.Items, p.Field("items")))
		}
		if v.Projected == nil {
			continue
		}
		for j, src := range v.Projected.Sources {
			p := at.Field("projected").Field("sources").Index(j)
			if s := src.ConfigMap; s != nil && s.Name != "" && required(s.Optional) {
				q := p.Field("configMap")
				out = append(out, items(configRef{kind: "ConfigMap", name: s.Name, at: q.Field("name"), what: what}, s.Items, q.Field("items")))
			}
			if s := src.Secret; s != nil && s.Name != "" && required(s.Optional) {
				q := p.Field("secret")
				out = append(out, items(configRef{kind: "Secret", name: s.Name, at: q.Field("name"), what: what}, s.Items, q.Field("items")))
			}
		}
	}
	return out
}

const missingConfigReferenceBad = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  LOG_LEVEL: info
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: web
                  key: log-level
`

const missingConfigReferenceGood = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  LOG_LEVEL: info
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: web
                  key: LOG_LEVEL
`
