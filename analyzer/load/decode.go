package load

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "sigs.k8s.io/json"

	"github.com/podlint/podlint/analyzer"
)

// A WorkloadKind is a custom resource kind that stamps out Pods from a Pod
// template, so the Pod rules and selector matching apply to it.
type WorkloadKind struct {
	APIVersion   string // group/version, or just the group to match every version
	Kind         string
	TemplatePath string // path of the Pod template, e.g. spec.template
	SelectorPath string // path of the label selector, e.g. spec.selector; may be empty
}

// BuiltinWorkloads are the custom workload kinds podlint knows without
// configuration.
var BuiltinWorkloads = []WorkloadKind{
	{APIVersion: "argoproj.io", Kind: "Rollout", TemplatePath: "spec.template", SelectorPath: "spec.selector"},
	// An OpenShift DeploymentConfig's selector is an equality map, as a
	// ReplicationController's (it creates them), defaulted from the template
	// labels: it is not read as a label selector.
	{APIVersion: "apps.openshift.io", Kind: "DeploymentConfig", TemplatePath: "spec.template"},
}

type decoder struct {
	opts Options
}

// document turns one parsed document into objects, findings or a skip.
func (d *decoder) document(doc *analyzer.Document, fr *fileResult) {
	fr.documents++
	root := doc.Root
	if root.Kind == yaml.DocumentNode {
		root = nil
		if len(doc.Root.Content) > 0 {
			root = doc.Root.Content[0]
		}
	}
	doc.Root = root
	if root == nil || (root.Kind == yaml.ScalarNode && isNull(root)) {
		fr.skips = append(fr.skips, Skip{File: doc.File, Line: doc.Line, Reason: "empty document"})
		return
	}
	_, hasAPIVersion := scalarField(root, "apiVersion")
	_, hasKind := scalarField(root, "kind")
	if root.Kind != yaml.MappingNode || (!hasAPIVersion && !hasKind) {
		fr.skips = append(fr.skips, Skip{File: doc.File, Line: root.Line, Reason: "not a Kubernetes object (no apiVersion or kind)"})
		return
	}
	before := len(fr.objects)
	d.object(doc, root, analyzer.Path{}, "", "", fr)
	if len(fr.objects) == before && !isEmptyList(root) {
		fr.failed++
	}
}

// isEmptyList reports a List document with no items, which loads to no
// object and is no failure.
func isEmptyList(n *yaml.Node) bool {
	kind, _ := scalarField(n, "kind")
	items, ok := mapValue(n, "items")
	return strings.HasSuffix(kind, "List") && (!ok || len(items.Content) == 0)
}

// object decodes the object at node, or the items of a list.
func (d *decoder) object(doc *analyzer.Document, node *yaml.Node, item analyzer.Path, defAPIVersion, defKind string, fr *fileResult) {
	var issues []issue
	defer func() { fr.diags = append(fr.diags, toDiagnostics(doc, nil, item, issues)...) }()
	if node.Kind != yaml.MappingNode {
		issues = append(issues, issue{rule: Schema, node: node, msg: "a list item of a List must be a Kubernetes object (a map)"})
		return
	}
	apiVersion, ok := scalarField(node, "apiVersion")
	if !ok {
		apiVersion = defAPIVersion
	}
	kind, ok := scalarField(node, "kind")
	if !ok {
		kind = defKind
	}
	for field, value := range map[string]string{"apiVersion": apiVersion, "kind": kind} {
		if value == "" {
			issues = append(issues, issue{rule: Schema, node: node, msg: fmt.Sprintf("missing %s: the API server cannot tell what this object is", field)})
		}
	}
	if apiVersion == "" || kind == "" {
		return
	}
	if items, ok := mapValue(node, "items"); ok && items.Kind == yaml.SequenceNode && strings.HasSuffix(kind, "List") {
		itemKind := ""
		if kind != "List" {
			itemKind = strings.TrimSuffix(kind, "List")
		} else {
			apiVersion = ""
		}
		for i, it := range items.Content {
			d.object(doc, it, item.Field("items").Index(i), apiVersion, itemKind, fr)
		}
		return
	}

	js, convIssues, ok := toJSON(node)
	issues = append(issues, convIssues...)
	if !ok {
		return
	}
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		avNode, _ := mapValue(node, "apiVersion")
		issues = append(issues, issue{rule: Schema, node: avNode, path: analyzer.Path{}.Field("apiVersion"), msg: fmt.Sprintf("apiVersion %q is not group/version", apiVersion)})
		return
	}
	gvk := gv.WithKind(kind)
	obj := &analyzer.Object{Doc: doc, Node: node, Item: item, APIVersion: apiVersion, Kind: kind, GVK: gvk, JSON: js}

	var objMeta metav1.Object
	if typed, known := newTyped(gvk); known {
		strictErrs, err := kjson.UnmarshalStrict(js, typed)
		if err != nil || len(strictErrs) > 0 {
			found, repairs := checkSchemaRepairs(node, reflect.TypeOf(typed).Elem(), isJSON(doc), analyzer.Path{})
			issues = append(issues, found...)
			for _, r := range repairs {
				obj.Repaired = append(obj.Repaired, analyzer.PathOf(r.path...))
			}
			if len(found) == 0 {
				first := err
				if first == nil {
					first = strictErrs[0]
				}
				issues = append(issues, issue{rule: Schema, node: node, msg: fmt.Sprintf("the API server would reject this object: %v", first)})
			}
			if err != nil {
				// A value of the wrong type: decode the object again without
				// it (see repair.go), so that it costs only the rules that
				// read that field. Unknown fields alone leave a whole object,
				// pruned as the cluster would prune them.
				var whole bool
				typed, whole = decodeRepaired(typed, js, repairs)
				obj.Rejected = !whole
			}
		}
		obj.Typed = typed
		objMeta, _ = meta.Accessor(typed)
	} else if KnownGroupVersion(gv) {
		kn, _ := mapValue(node, "kind")
		if homes := homesOf(kind); len(homes) > 0 {
			issues = append(issues, issue{rule: Schema, node: kn, path: analyzer.Path{}.Field("kind"), msg: fmt.Sprintf("%s has no kind %s: it is in %s", apiVersion, kind, strings.Join(homes, ", "))})
		} else if s := analyzer.Closest(kind, kindsOf(gv)); s != "" {
			issues = append(issues, issue{rule: Schema, node: kn, path: analyzer.Path{}.Field("kind"), msg: fmt.Sprintf("%s has no kind %q; did you mean %q?", apiVersion, kind, s)})
		}
	}
	if objMeta == nil {
		// Decode only the metadata subtree: a large custom resource (a CRD
		// with its schema) need not be decoded whole to learn its name.
		m := &metav1.ObjectMeta{}
		if mn, ok := mapValue(node, "metadata"); ok {
			if mjs, _, ok := toJSON(mn); ok && kjson.UnmarshalCaseSensitivePreserveInts(mjs, m) != nil && !isKnownKind(gvk) {
				issues = append(issues, checkSchemaAt(mn, reflect.TypeFor[metav1.ObjectMeta](), isJSON(doc), analyzer.Path{}.Field("metadata"))...)
			}
		}
		objMeta = m
	}
	obj.Meta = objMeta
	obj.Name = objMeta.GetName()
	obj.Labels = objMeta.GetLabels()
	obj.Annotations = objMeta.GetAnnotations()
	if obj.Name == "" {
		obj.Name = objMeta.GetGenerateName()
	}
	// Only kinds of k8s.io/api are surely objects of the API server: many
	// custom kinds are client-side configuration files (kind, kubeadm,
	// IstioOperator) that need no name.
	if obj.Name == "" && isKnownKind(gvk) && !hasName(node) {
		at := mapKey(node, "metadata")
		if at == nil {
			at = node
		}
		issues = append(issues, issue{rule: Schema, node: at, path: analyzer.Path{}.Field("metadata"), msg: "missing metadata.name (or metadata.generateName): the API server cannot create the object"})
	}
	if clusterScoped[kind] {
		obj.ClusterScoped = true
	} else {
		obj.Namespace = objMeta.GetNamespace()
		if obj.Namespace == "" {
			obj.Namespace = cmpOr(d.opts.Namespace, "default")
		}
	}
	if obj.Typed == nil {
		obj.Workload = d.customWorkload(node, gvk, isJSON(doc))
	}
	fr.objects = append(fr.objects, obj)
	fr.diags = append(fr.diags, toDiagnostics(doc, obj, item, issues)...)
	issues = nil
}

// customWorkload decodes the Pod template and selector of a configured
// custom kind. Custom resources are pruned, not decoded strictly, by the
// API server, so neither is decoded strictly here.
func (d *decoder) customWorkload(node *yaml.Node, gvk schema.GroupVersionKind, json bool) *analyzer.CustomWorkload {
	for _, wk := range append(d.opts.Workloads, BuiltinWorkloads...) {
		if wk.Kind != gvk.Kind || (wk.APIVersion != gvk.GroupVersion().String() && wk.APIVersion != gvk.Group) {
			continue
		}
		tp, err := analyzer.ParsePath(wk.TemplatePath)
		if err != nil {
			return nil
		}
		tn := nodeAt(node, tp)
		if tn == nil {
			return nil
		}
		w := &analyzer.CustomWorkload{TemplatePath: tp, Template: &corev1.PodTemplateSpec{}}
		if js, _, ok := toJSON(tn); !ok || !decodeLenient(tn, js, w.Template, json) {
			return nil
		}
		if wk.SelectorPath != "" {
			sp, err := analyzer.ParsePath(wk.SelectorPath)
			if err != nil {
				return nil
			}
			w.SelectorPath = sp
			if sn := nodeAt(node, sp); sn != nil {
				w.Selector = &metav1.LabelSelector{}
				if js, _, ok := toJSON(sn); !ok || !decodeLenient(sn, js, w.Selector, json) {
					w.Selector = nil
				}
			}
		}
		return w
	}
	return nil
}

// toDiagnostics turns issues into findings on obj (nil when the object did
// not load), with positions taken straight from the nodes.
func toDiagnostics(doc *analyzer.Document, obj *analyzer.Object, item analyzer.Path, issues []issue) []analyzer.Diagnostic {
	var out []analyzer.Diagnostic
	for _, is := range issues {
		d := analyzer.Diagnostic{Rule: is.rule.ID, Severity: is.rule.Severity, Message: is.msg, Object: obj, Path: is.path}
		if obj == nil {
			d.Doc = doc
			d.Path = item.Join(is.path)
		} else {
			d.Fixes = is.fixes // placed by the engine, with the findings of the rules
		}
		if is.node != nil {
			d.Pos = doc.NodePos(is.node)
		} else {
			d.Pos = doc.Pos(doc.Line, 1)
		}
		out = append(out, d)
	}
	return out
}

// scalarField returns the string value of a top-level key of mapping m.
func scalarField(m *yaml.Node, key string) (string, bool) {
	v, ok := mapValue(m, key)
	if !ok || v.Kind != yaml.ScalarNode || isNull(v) {
		return "", false
	}
	return v.Value, true
}

// mapKey returns the key node of a top-level key of mapping m, or nil.
func mapKey(m *yaml.Node, key string) *yaml.Node {
	var found *yaml.Node
	for i := 0; m.Kind == yaml.MappingNode && i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i].Kind == yaml.ScalarNode {
			found = m.Content[i]
		}
	}
	return found
}

func mapValue(m *yaml.Node, key string) (*yaml.Node, bool) {
	if m.Kind != yaml.MappingNode {
		return nil, false
	}
	var found *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i].Kind == yaml.ScalarNode {
			found = m.Content[i+1]
		}
	}
	if found != nil && found.Kind == yaml.AliasNode && found.Alias != nil {
		found = found.Alias
	}
	return found, found != nil
}

// nodeAt walks a path of keys and indexes down from n, following aliases
// as the decoder does (analyzer.NodeAt, for editors, does not).
func nodeAt(n *yaml.Node, p analyzer.Path) *yaml.Node {
	for i := range p.Len() {
		e := p.Elem(i)
		switch {
		case e.IsIndex && n.Kind == yaml.SequenceNode && e.Index < len(n.Content):
			n = n.Content[e.Index]
		case !e.IsIndex:
			v, ok := mapValue(n, e.Key)
			if !ok {
				return nil
			}
			n = v
		default:
			return nil
		}
	}
	return n
}

// isJSON reports whether the document comes from a JSON file, where YAML
// 1.1's readings of plain scalars do not apply.
func isJSON(doc *analyzer.Document) bool {
	return strings.EqualFold(filepath.Ext(doc.File), ".json")
}

// hasName reports whether metadata.name or metadata.generateName is written
// at all, whatever its value: a wrong value is a schema finding of its own.
func hasName(node *yaml.Node) bool {
	m, ok := mapValue(node, "metadata")
	if !ok {
		return false
	}
	for _, k := range []string{"name", "generateName"} {
		// A map or list where the name belongs ({USER_NAME}) is written: its
		// type is the one finding to make.
		if v, ok := mapValue(m, k); ok && (v.Kind != yaml.ScalarNode || !isNull(v)) {
			return true
		}
	}
	return false
}

func isNull(n *yaml.Node) bool {
	s, ok := resolveScalar(n)
	return ok && s.kind == scalarNull
}

func isKnownKind(gvk schema.GroupVersionKind) bool {
	_, ok := newTyped(gvk)
	return ok
}

// homesOf lists the group-versions of k8s.io/api that define kind, the
// stable ones only when there are any: where a kind written under the
// wrong apiVersion belongs.
func homesOf(kind string) []string {
	var stable, all []string
	for gv, ls := range schemes {
		if _, ok := ls.scheme().KnownTypes(gv)[kind]; !ok || strings.HasSuffix(kind, "List") {
			continue
		}
		all = append(all, gv.String())
		if !strings.Contains(gv.Version, "alpha") && !strings.Contains(gv.Version, "beta") {
			stable = append(stable, gv.String())
		}
	}
	if len(all) > 8 {
		return nil // Status, DeleteOptions and the like: in every group, no object's home
	}
	if len(stable) > 0 {
		all = stable
	}
	slices.Sort(all)
	return all
}

// kindsOf lists the kinds registered for a group-version of k8s.io/api.
func kindsOf(gv schema.GroupVersion) []string {
	ls, ok := schemes[gv]
	if !ok {
		return nil
	}
	var kinds []string
	for k := range ls.scheme().KnownTypes(gv) {
		kinds = append(kinds, k)
	}
	return kinds
}

// clusterScoped lists the kinds that live outside namespaces.
var clusterScoped = map[string]bool{
	"Namespace": true, "Node": true, "PersistentVolume": true, "ComponentStatus": true,
	"ClusterRole": true, "ClusterRoleBinding": true, "CustomResourceDefinition": true,
	"StorageClass": true, "CSIDriver": true, "CSINode": true, "VolumeAttachment": true, "VolumeAttributesClass": true,
	"PriorityClass": true, "RuntimeClass": true, "IngressClass": true, "IPAddress": true, "ServiceCIDR": true,
	"MutatingWebhookConfiguration": true, "ValidatingWebhookConfiguration": true,
	"ValidatingAdmissionPolicy": true, "ValidatingAdmissionPolicyBinding": true,
	"MutatingAdmissionPolicy": true, "MutatingAdmissionPolicyBinding": true,
	"APIService": true, "PodSecurityPolicy": true, "CertificateSigningRequest": true, "ClusterTrustBundle": true,
	"FlowSchema": true, "PriorityLevelConfiguration": true, "DeviceClass": true, "ResourceSlice": true,
	"StorageVersionMigration": true, "ClusterIssuer": true,
}
