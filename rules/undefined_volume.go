package rules

import (
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	corev1 "k8s.io/api/core/v1"

	"github.com/podlint/podlint/analyzer"
)

// UndefinedVolume reports a volume mount that names no volume of the Pod.
var UndefinedVolume = &analyzer.Rule{
	ID:       "undefined-volume",
	Severity: analyzer.Error,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "volume mount names no volume of the Pod",
		Why: "A volumeMount refers to a volume of the Pod spec by name (or, in a StatefulSet, to a " +
			"volumeClaimTemplate). A mount of an undefined volume is rejected by the API server; it is usually a typo.",
		Bad: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n" +
			"      volumeMounts:\n        - name: conf\n          mountPath: /etc/nginx/conf.d\n  volumes:\n    - name: config\n      configMap:\n        name: web\n",
		Good: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n" +
			"      volumeMounts:\n        - name: config\n          mountPath: /etc/nginx/conf.d\n  volumes:\n    - name: config\n      configMap:\n        name: web\n",
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkUndefinedVolume,
}

func checkUndefinedVolume(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok {
		return nil
	}
	defined := map[string]bool{}
	for _, v := range spec.Volumes {
		defined[v.Name] = true
	}
	for _, t := range volumeClaimTemplates(pass.Object) {
		defined[t.Name] = true
	}
	for c := range spec.Containers() {
		for i, m := range c.VolumeMounts {
			if !defined[m.Name] {
				pass.Reportf(c.Path.Field("volumeMounts").Index(i).Field("name"), "%s %q mounts volume %q, which the Pod spec does not define%s",
					c.Kind, c.Name, m.Name, suggestName(m.Name, defined))
			}
		}
		for i, d := range c.VolumeDevices {
			if !defined[d.Name] {
				pass.Reportf(c.Path.Field("volumeDevices").Index(i).Field("name"), "%s %q uses volume device %q, which the Pod spec does not define%s",
					c.Kind, c.Name, d.Name, suggestName(d.Name, defined))
			}
		}
	}
	return nil
}

// volumeClaimTemplates returns the claims a StatefulSet, of any API
// version, adds to its Pods as volumes.
func volumeClaimTemplates(o *analyzer.Object) []corev1.PersistentVolumeClaim {
	switch t := o.Typed.(type) {
	case *appsv1.StatefulSet:
		return t.Spec.VolumeClaimTemplates
	case *appsv1beta2.StatefulSet:
		return t.Spec.VolumeClaimTemplates
	case *appsv1beta1.StatefulSet:
		return t.Spec.VolumeClaimTemplates
	}
	return nil
}

// suggestName names the defined volume closest to a misspelt one.
func suggestName(name string, defined map[string]bool) string {
	names := sortedKeys(defined)
	best := analyzer.Closest(name, names)
	if best == "" && name != "" {
		// A shortened name ("conf" for "config") is a likely slip too.
		for _, d := range names {
			if strings.HasPrefix(d, name) || strings.HasPrefix(name, d) {
				best = d
				break
			}
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean \"" + best + "\"?"
}
