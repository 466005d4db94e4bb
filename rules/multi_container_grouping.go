package rules

import (
	_ "embed"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	corev1 "k8s.io/api/core/v1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/podlint/podlint/analyzer"
)

// A Role is what an image does in a Pod, as far as grouping is concerned.
type Role int

// The roles of images.
const (
	RoleApp       Role = iota // everything else
	RoleDatastore             // keeps data: postgres, redis, kafka, ...
	RoleHelper                // built to run beside an app: proxies, log shippers, exporters
)

func (r Role) String() string { return [...]string{"app", "datastore", "helper"}[r] }

// A Catalogue assigns roles to image names. Patterns are matched against
// the last path element of the image repository and may contain *.
type Catalogue struct {
	Datastores []string `json:"datastore"`
	Helpers    []string `json:"helper"`
}

//go:embed image_roles.yaml
var imageRolesYAML []byte

// DefaultCatalogue is the catalogue shipped with podlint.
var DefaultCatalogue = sync.OnceValue(func() Catalogue {
	var c Catalogue
	if err := yaml.UnmarshalStrict(imageRolesYAML, &c); err != nil {
		panic(fmt.Sprintf("rules/image_roles.yaml: %v", err)) // embedded data; covered by tests
	}
	return c
})

// Extend returns the catalogue with more patterns added.
func (c Catalogue) Extend(more Catalogue) Catalogue {
	return Catalogue{
		Datastores: append(append([]string(nil), c.Datastores...), more.Datastores...),
		Helpers:    append(append([]string(nil), c.Helpers...), more.Helpers...),
	}
}

// Role returns the role of an image and the name it was recognised by.
func (c Catalogue) Role(image string) (Role, string) {
	name := imageName(image)
	for _, p := range c.Helpers {
		if ok, _ := path.Match(p, name); ok {
			return RoleHelper, name
		}
	}
	for _, p := range c.Datastores {
		if ok, _ := path.Match(p, name); ok {
			return RoleDatastore, name
		}
	}
	return RoleApp, name
}

// MultiContainerGrouping uses the default catalogue, read on first use so
// that starting podlint does not pay for it.
var MultiContainerGrouping = newMultiContainerGrouping(DefaultCatalogue)

// NewMultiContainerGrouping returns the multi-container-grouping rule with
// a catalogue of image roles.
func NewMultiContainerGrouping(cat Catalogue) *analyzer.Rule {
	return newMultiContainerGrouping(func() Catalogue { return cat })
}

func newMultiContainerGrouping(catalogue func() Catalogue) *analyzer.Rule {
	return &analyzer.Rule{
		ID:       "multi-container-grouping",
		Severity: analyzer.Warning,
		Family:   "reliability",
		Doc: analyzer.Doc{
			Title: "containers grouped in one Pod look like separate components",
			Why: "Containers belong in one Pod only when they must run on the same host, form one component and " +
				"scale together. A datastore beside an app cannot scale, roll out or restart on its own, and every " +
				"replica gets its own copy of the data; two apps that each listen on their own ports and share " +
				"nothing look like a front end and a back end that should scale apart. Containers that share a " +
				"volume (the same files of it: disjoint subPaths do not count), talk over localhost, or include a helper (proxy, " +
				"log shipper, exporter) are left alone.",
			Bad:  multiContainerGroupingBad,
			Good: multiContainerGroupingGood,
		},
		Applies:  analyzer.HasPodSpec,
		CheckSet: func(pass *analyzer.SetPass) error { return checkMultiContainerGrouping(pass, catalogue()) },
	}
}

type groupMember struct {
	analyzer.Container
	role  Role
	image string // the recognised image name
}

// The rule runs over a whole namespace so that a ConfigMap mounted by one
// container (an nginx config that proxies to 127.0.0.1:8090, say) counts as
// evidence that it talks to its neighbour over localhost.
func checkMultiContainerGrouping(pass *analyzer.SetPass, cat Catalogue) error {
	view := newApplyView(pass)
	roles := map[string]Role{} // image name -> role: many Pods run the same images
	cached := func(image string) (Role, string) {
		name := imageName(image)
		r, ok := roles[name]
		if !ok {
			r, _ = cat.Role(image)
			roles[name] = r
		}
		return r, name
	}
	for _, o := range pass.Objects {
		if spec, ok := o.PodSpec(); ok {
			g := grouping{spec: spec, configMaps: view.configMapsFor(o), role: cached}
			g.check(func(d analyzer.Diagnostic) { d.Object = o; pass.Report(d) }, o)
		}
	}
	return nil
}

// grouping judges the containers of one Pod spec.
type grouping struct {
	spec       analyzer.PodSpec
	configMaps map[string]*corev1.ConfigMap
	role       func(image string) (Role, string)
}

func (g grouping) check(report func(analyzer.Diagnostic), o *analyzer.Object) {
	spec := g.spec
	var members []groupMember
	for c := range spec.AppContainers() {
		role, name := g.role(c.Image)
		if c.Kind == analyzer.SidecarContainer {
			role = RoleHelper // declared a sidecar: built to run beside the app
		}
		members = append(members, groupMember{Container: c, role: role, image: name})
	}
	if len(members) < 2 {
		return
	}
	replicas := replicasOf(o)

	// 1. A datastore beside any non-helper container it is not coupled to.
	for _, d := range members {
		if d.role != RoleDatastore {
			continue
		}
		for _, x := range members {
			if x.Name == d.Name || x.role == RoleHelper || g.coupled(d, x) {
				continue
			}
			msg := fmt.Sprintf("%q (%s, a datastore) shares a Pod with %q (%s) and nothing ties them together: they cannot scale, roll out or restart apart",
				d.Name, d.image, x.Name, x.image)
			if replicas > 1 {
				msg += fmt.Sprintf(", and each of the %d replicas runs its own copy of the data", replicas)
			}
			msg += "; run the datastore as its own StatefulSet behind a Service"
			report(analyzer.Diagnostic{Path: d.Path.Field("image"), Message: msg,
				Related: []analyzer.Related{{Path: x.Path.Field("name"), Message: fmt.Sprintf("%q is here", x.Name)}}})
			break
		}
	}

	// 2. Two apps that each listen on their own ports and share nothing.
	for i, b := range members {
		if b.role != RoleApp || len(b.Ports) == 0 {
			continue
		}
		for _, a := range members[:i] {
			if a.role != RoleApp || len(a.Ports) == 0 || g.coupled(a, b) {
				continue
			}
			report(analyzer.Diagnostic{Path: b.Path.Field("name"), Message: fmt.Sprintf(
				"%q (%s) and %q (%s) each listen on their own ports and share no volume or localhost traffic: "+
					"they look like separate components that cannot scale apart; give each its own Deployment and Service",
				a.Name, a.image, b.Name, b.image),
				Related: []analyzer.Related{{Path: a.Path.Field("name"), Message: fmt.Sprintf("%q is here", a.Name)}}})
			break
		}
	}
}

// coupled reports evidence that two containers form one component: a
// helper among them, the same datastore image (a server and its own
// tooling, such as redis and its sentinel), a shared volume, or one
// reaching the other over localhost on a port the other declares.
func (g grouping) coupled(a, b groupMember) bool {
	if a.role == RoleHelper || b.role == RoleHelper {
		return true
	}
	if a.role == RoleDatastore && a.image == b.image {
		return true
	}
	for _, ma := range a.VolumeMounts {
		for _, mb := range b.VolumeMounts {
			if ma.Name == mb.Name && sharesFiles(ma, mb) {
				return true
			}
		}
	}
	return g.reachesOverLocalhost(a, b) || g.reachesOverLocalhost(b, a)
}

// sharesFiles reports whether two mounts of one volume show the containers
// some of the same files: not when each mounts its own subPath, neither
// inside the other (one volume carved into a directory per container is
// storage reuse, not coupling). A subPathExpr is not known until the Pod
// runs, so it may share.
func sharesFiles(a, b corev1.VolumeMount) bool {
	if a.SubPathExpr != "" || b.SubPathExpr != "" {
		return true
	}
	pa, pb := path.Clean("/"+a.SubPath), path.Clean("/"+b.SubPath)
	return within(pa, pb) || within(pb, pa)
}

// within reports whether p is dir or below it (paths cleaned, rooted at /).
func within(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

var localhostPort = regexp.MustCompile(`(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0):(\d{1,5})\b`)

// reachesOverLocalhost reports whether from refers to a port that to
// declares, through localhost in its env, command or args, or through a
// probe aimed at that port.
func (g grouping) reachesOverLocalhost(from, to groupMember) bool {
	ports := map[string]bool{}
	for _, p := range to.Ports {
		ports[strconv.Itoa(int(p.ContainerPort))] = true
		if p.Name != "" {
			ports[p.Name] = true
		}
	}
	var texts []string
	texts = append(texts, from.Command...)
	texts = append(texts, from.Args...)
	mentionsLocalhost, mentionsPort := false, false
	for _, e := range from.Env {
		texts = append(texts, e.Value)
		v := strings.TrimSpace(e.Value)
		if v == "localhost" || v == "127.0.0.1" || v == "::1" {
			mentionsLocalhost = true
		}
		if ports[v] {
			mentionsPort = true
		}
	}
	if mentionsLocalhost && mentionsPort {
		return true // HOST=localhost and PORT=5432 as separate variables
	}
	for _, p := range []*corev1.Probe{from.LivenessProbe, from.ReadinessProbe, from.StartupProbe} {
		if p == nil {
			continue
		}
		switch {
		case p.HTTPGet != nil && probePort(p.HTTPGet.Port, ports, from):
			return true
		case p.TCPSocket != nil && probePort(p.TCPSocket.Port, ports, from):
			return true
		case p.Exec != nil:
			texts = append(texts, p.Exec.Command...)
		}
	}
	texts = append(texts, mountedConfigData(from.Container, g.spec, g.configMaps)...)
	for _, t := range texts {
		for _, m := range localhostPort.FindAllStringSubmatch(t, -1) {
			if ports[m[1]] {
				return true
			}
		}
	}
	return false
}

// probePort reports whether a probe of one container checks a port that
// only the other container declares.
func probePort(port intstr.IntOrString, ports map[string]bool, from groupMember) bool {
	if !ports[port.String()] {
		return false
	}
	for _, p := range from.Ports {
		if port.String() == p.Name || port.String() == strconv.Itoa(int(p.ContainerPort)) {
			return false // its own port
		}
	}
	return true
}

// replicasOf returns the desired replica count of a controller, 1 when unset.
func replicasOf(o *analyzer.Object) int {
	var r *int32
	switch t := o.Typed.(type) {
	case *appsv1.Deployment:
		r = t.Spec.Replicas
	case *appsv1.StatefulSet:
		r = t.Spec.Replicas
	case *appsv1.ReplicaSet:
		r = t.Spec.Replicas
	case *corev1.ReplicationController:
		r = t.Spec.Replicas
	case *appsv1beta2.Deployment:
		r = t.Spec.Replicas
	case *appsv1beta2.StatefulSet:
		r = t.Spec.Replicas
	case *appsv1beta2.ReplicaSet:
		r = t.Spec.Replicas
	case *appsv1beta1.Deployment:
		r = t.Spec.Replicas
	case *appsv1beta1.StatefulSet:
		r = t.Spec.Replicas
	case *extensionsv1beta1.Deployment:
		r = t.Spec.Replicas
	case *extensionsv1beta1.ReplicaSet:
		r = t.Spec.Replicas
	}
	if r == nil {
		return 1
	}
	return int(*r)
}

const multiContainerGroupingBad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: web
          image: example/shop-web:2.4.1
          ports:
            - containerPort: 8080
          env:
            - name: DATABASE_HOST
              value: shop-db
        - name: db
          image: postgres:16.4
          ports:
            - containerPort: 5432
`

const multiContainerGroupingGood = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: web
          image: example/shop-web:2.4.1
          ports:
            - containerPort: 8080
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          ports:
            - containerPort: 9901
`
