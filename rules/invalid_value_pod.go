package rules

import (
	"math"
	"reflect"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/podlint/podlint/analyzer"
)

// podSpec follows ValidatePodSpec (k8s.io/kubernetes
// pkg/apis/core/validation/validation.go) for the values the Go types let
// through; every Pod template of every workload kind passes here.
func (v values) podSpec(ps analyzer.PodSpec) {
	s, at := ps.PodSpec, ps.Path
	v.volumes(at.Field("volumes"), s.Volumes)
	for c := range ps.Containers() {
		v.container(c)
	}
	// validateRestartPolicy
	v.enum(at.Field("restartPolicy"), string(s.RestartPolicy), "Always", "OnFailure", "Never")
	// validateDNSPolicy and validatePodDNSConfig
	v.enum(at.Field("dnsPolicy"), string(s.DNSPolicy), "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
	if s.DNSPolicy == corev1.DNSNone && s.DNSConfig == nil {
		v.required(at.Field("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None")
	}
	if c := s.DNSConfig; c != nil {
		if len(c.Nameservers) > 3 {
			v.report(at.Field("dnsConfig").Field("nameservers"), tooMany(len(c.Nameservers), 3))
		}
		for i, ns := range c.Nameservers {
			v.fieldErrs(at.Field("dnsConfig").Field("nameservers").Index(i), validation.IsValidIP(nil, ns))
		}
		for i, o := range c.Options {
			if o.Name == "" {
				v.required(at.Field("dnsConfig").Field("options").Index(i).Field("name"), "must not be empty")
			}
		}
	}
	// ValidatePodSpec: ValidateLabels(spec.NodeSelector)
	v.labels(at.Field("nodeSelector"), s.NodeSelector)
	// ValidateServiceAccountName, ValidateDNS1123Label (hostname, subdomain)
	if s.ServiceAccountName != "" {
		v.msgs(at.Field("serviceAccountName"), s.ServiceAccountName, validation.IsDNS1123Subdomain(s.ServiceAccountName))
	}
	if s.Hostname != "" {
		v.msgs(at.Field("hostname"), s.Hostname, validation.IsDNS1123Label(s.Hostname))
	}
	if s.Subdomain != "" {
		v.msgs(at.Field("subdomain"), s.Subdomain, validation.IsDNS1123Label(s.Subdomain))
	}
	for f, name := range map[string]string{"priorityClassName": s.PriorityClassName, "schedulerName": s.SchedulerName} {
		if name != "" {
			v.msgs(at.Field(f), name, validation.IsDNS1123Subdomain(name))
		}
	}
	if s.RuntimeClassName != nil {
		v.msgs(at.Field("runtimeClassName"), *s.RuntimeClassName, validation.IsDNS1123Subdomain(*s.RuntimeClassName))
	}
	if d := s.ActiveDeadlineSeconds; d != nil && (*d < 1 || *d > math.MaxInt32) {
		v.invalid(at.Field("activeDeadlineSeconds"), *d, validation.InclusiveRangeError(1, math.MaxInt32))
	}
	if s.PreemptionPolicy != nil {
		v.enum(at.Field("preemptionPolicy"), string(*s.PreemptionPolicy), "PreemptLowerPriority", "Never")
	}
	for i, h := range s.HostAliases {
		// validateHostAliases
		v.fieldErrs(at.Field("hostAliases").Index(i).Field("ip"), validation.IsValidIP(nil, h.IP))
		for j, name := range h.Hostnames {
			v.msgs(at.Field("hostAliases").Index(i).Field("hostnames").Index(j), name, validation.IsDNS1123Subdomain(name))
		}
	}
	v.tolerations(at.Field("tolerations"), s.Tolerations)
	v.topologySpread(at.Field("topologySpreadConstraints"), s.TopologySpreadConstraints)
	v.affinity(at.Field("affinity"), s.Affinity)
	v.podSecurityContext(at.Field("securityContext"), s.SecurityContext)
	if s.HostNetwork {
		// validateHostNetwork
		for c := range ps.Containers() {
			for j, p := range c.Ports {
				if p.HostPort != 0 && p.HostPort != p.ContainerPort {
					v.invalid(c.Path.Field("ports").Index(j).Field("hostPort"), p.HostPort, "must match `containerPort` when `hostNetwork` is true")
				}
			}
		}
	}
}

// container follows validateContainerCommon, validateInitContainers and
// validateContainers.
func (v values) container(c analyzer.Container) {
	at := c.Path
	if c.Name == "" {
		v.required(at.Field("name"), "")
	} else {
		v.msgs(at.Field("name"), c.Name, validation.IsDNS1123Label(c.Name))
	}
	// validatePullPolicy
	v.enum(at.Field("imagePullPolicy"), string(c.ImagePullPolicy), "Always", "IfNotPresent", "Never")
	v.enum(at.Field("terminationMessagePolicy"), string(c.TerminationMessagePolicy), "File", "FallbackToLogsOnError")
	// validateContainerPorts
	for i, p := range c.Ports {
		pp := at.Field("ports").Index(i)
		if p.Name != "" {
			v.msgs(pp.Field("name"), p.Name, validation.IsValidPortName(p.Name))
		}
		if p.ContainerPort == 0 {
			v.required(pp.Field("containerPort"), "")
		} else {
			v.msgs(pp.Field("containerPort"), p.ContainerPort, validation.IsValidPortNum(int(p.ContainerPort)))
		}
		if p.HostPort != 0 {
			v.msgs(pp.Field("hostPort"), p.HostPort, validation.IsValidPortNum(int(p.HostPort)))
		}
		v.enum(pp.Field("protocol"), string(p.Protocol), "SCTP", "TCP", "UDP")
	}
	v.env(at, c.Container)
	v.volumeMounts(at.Field("volumeMounts"), c.VolumeMounts)
	v.resources(at.Field("resources"), c.Resources)
	v.securityContext(at.Field("securityContext"), c.SecurityContext)
	switch c.Kind {
	case analyzer.InitContainer, analyzer.SidecarContainer:
		// validateInitContainers: restartPolicy, and what only sidecars may set
		if c.RestartPolicy != nil {
			if !v.kube.atLeast(1, 29) {
				v.forbidden(at.Field("restartPolicy"), "may not be set for init containers before Kubernetes 1.29 (SidecarContainers)")
			} else {
				v.enum(at.Field("restartPolicy"), string(*c.RestartPolicy), "Always")
			}
		}
		if c.Kind == analyzer.InitContainer {
			for f, set := range map[string]bool{"lifecycle": c.Lifecycle != nil, "livenessProbe": c.LivenessProbe != nil,
				"readinessProbe": c.ReadinessProbe != nil, "startupProbe": c.StartupProbe != nil} {
				if set {
					v.forbidden(at.Field(f), "may not be set for init containers without restartPolicy=Always")
				}
			}
			return
		}
	}
	v.probe(at.Field("livenessProbe"), c.LivenessProbe, true)
	v.probe(at.Field("readinessProbe"), c.ReadinessProbe, false)
	v.probe(at.Field("startupProbe"), c.StartupProbe, true)
	if l := c.Lifecycle; l != nil {
		// validateLifecycle
		v.handler(at.Field("lifecycle").Field("postStart"), l.PostStart)
		v.handler(at.Field("lifecycle").Field("preStop"), l.PreStop)
	}
}

// env follows ValidateEnv, validateEnvVarValueFrom and validateEnvFrom.
func (v values) env(at analyzer.Path, c *corev1.Container) {
	envName := validation.IsEnvVarName
	if v.kube.atLeast(1, 32) { // RelaxedEnvironmentVariableValidation, on by default since 1.32
		envName = validation.IsRelaxedEnvVarName
	}
	for i, e := range c.Env {
		ep := at.Field("env").Index(i)
		if e.Name == "" {
			v.required(ep.Field("name"), "")
		} else {
			v.msgs(ep.Field("name"), e.Name, envName(e.Name))
		}
		f := e.ValueFrom
		if f == nil {
			continue
		}
		fp := ep.Field("valueFrom")
		var set []string
		if f.FieldRef != nil {
			set = append(set, "fieldRef")
			v.fieldRef(fp.Field("fieldRef"), f.FieldRef)
		}
		if f.ResourceFieldRef != nil {
			set = append(set, "resourceFieldRef")
			r := f.ResourceFieldRef.Resource
			if !validContainerResources[r] && !strings.HasPrefix(r, "limits.hugepages-") && !strings.HasPrefix(r, "requests.hugepages-") {
				v.enum(fp.Field("resourceFieldRef").Field("resource"), cmpOr(r, `""`), sortedKeys(validContainerResources)...)
			}
		}
		if r := f.ConfigMapKeyRef; r != nil {
			set = append(set, "configMapKeyRef")
			v.keyRef(fp.Field("configMapKeyRef"), r.Name, r.Key)
		}
		if r := f.SecretKeyRef; r != nil {
			set = append(set, "secretKeyRef")
			v.keyRef(fp.Field("secretKeyRef"), r.Name, r.Key)
		}
		if f.FileKeyRef != nil {
			set = append(set, "fileKeyRef")
		}
		switch {
		case len(set) == 0:
			v.invalid(fp, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`")
		case len(set) > 1:
			v.invalid(fp.Field(set[1]), "", "may not have more than one field specified at a time")
		case e.Value != "":
			v.invalid(fp, "", "may not be specified when `value` is not empty")
		}
	}
	for i, e := range c.EnvFrom {
		ep := at.Field("envFrom").Index(i)
		if e.Prefix != "" {
			v.msgs(ep.Field("prefix"), e.Prefix, envName(e.Prefix))
		}
		switch {
		case e.ConfigMapRef == nil && e.SecretRef == nil:
			v.invalid(ep, "", "must specify one of: `configMapRef` or `secretRef`")
		case e.ConfigMapRef != nil && e.SecretRef != nil:
			v.invalid(ep.Field("secretRef"), "", "may not have more than one field specified at a time")
		}
	}
}

// validContainerResources are the resources a resourceFieldRef may name
// (validContainerResourceFieldPathExpressions).
var validContainerResources = map[string]bool{
	"limits.cpu": true, "limits.memory": true, "limits.ephemeral-storage": true,
	"requests.cpu": true, "requests.memory": true, "requests.ephemeral-storage": true,
}

// envFieldPaths are the fields a Pod's env may read
// (validEnvDownwardAPIFieldPathExpressions), besides labels and annotations.
var envFieldPaths = []string{"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
	"spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"}

// fieldRef follows validateObjectFieldSelector for env.
func (v values) fieldRef(at analyzer.Path, r *corev1.ObjectFieldSelector) {
	p := r.FieldPath
	switch {
	case p == "":
		v.required(at.Field("fieldPath"), "")
		return
	case strings.HasPrefix(p, "metadata.labels[") || strings.HasPrefix(p, "metadata.annotations["):
		return
	}
	for _, ok := range envFieldPaths {
		if p == ok {
			return
		}
	}
	v.enum(at.Field("fieldPath"), p, envFieldPaths...)
}

// keyRef follows validateConfigMapKeySelector and validateSecretKeySelector.
func (v values) keyRef(at analyzer.Path, name, key string) {
	if name == "" {
		v.required(at.Field("name"), "")
	} else {
		v.msgs(at.Field("name"), name, validation.IsDNS1123Subdomain(name))
	}
	if key == "" {
		v.required(at.Field("key"), "")
	} else {
		v.msgs(at.Field("key"), key, validation.IsConfigMapKey(key))
	}
}

// volumeMounts follows ValidateVolumeMounts; undefined-volume reports a
// mount of no volume.
func (v values) volumeMounts(at analyzer.Path, mounts []corev1.VolumeMount) {
	seen := map[string]bool{}
	for i, m := range mounts {
		mp := at.Index(i)
		if m.MountPath == "" {
			v.required(mp.Field("mountPath"), "")
		} else if seen[m.MountPath] {
			v.invalid(mp.Field("mountPath"), m.MountPath, "must be unique")
		}
		seen[m.MountPath] = true
		if m.SubPath != "" {
			v.localPath(mp.Field("subPath"), m.SubPath)
		}
		if m.SubPath != "" && m.SubPathExpr != "" {
			v.invalid(mp.Field("subPathExpr"), m.SubPathExpr, "subPathExpr and subPath are mutually exclusive")
		}
		if m.MountPropagation != nil {
			v.enum(mp.Field("mountPropagation"), string(*m.MountPropagation), "Bidirectional", "HostToContainer", "None")
		}
		if m.RecursiveReadOnly != nil {
			v.enum(mp.Field("recursiveReadOnly"), string(*m.RecursiveReadOnly), "Disabled", "IfPossible", "Enabled")
		}
	}
}

// localPath follows validateLocalDescendingPath: relative, no '..' element.
func (v values) localPath(at analyzer.Path, p string) {
	if strings.HasPrefix(p, "/") {
		v.invalid(at, p, "must be a relative path")
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			v.invalid(at, p, "must not contain '..'")
			return
		}
	}
}

// volumes follows ValidateVolumes and validateVolumeSource.
func (v values) volumes(at analyzer.Path, vols []corev1.Volume) {
	names := map[string]bool{}
	for i, vol := range vols {
		vp := at.Index(i)
		switch {
		case vol.Name == "":
			v.required(vp.Field("name"), "")
		case names[vol.Name]:
			v.report(vp.Field("name"), fieldDuplicate(vol.Name))
		default:
			v.msgs(vp.Field("name"), vol.Name, validation.IsDNS1123Label(vol.Name))
		}
		names[vol.Name] = true
		sources := setFields(reflect.ValueOf(vol.VolumeSource))
		// No source at all is defaulted to emptyDir (SetDefaults_Volume).
		if len(sources) > 1 {
			v.forbidden(vp.Field(sources[1]), "may not specify more than 1 volume type")
		}
		src := vol.VolumeSource
		if h := src.HostPath; h != nil {
			if h.Path == "" {
				v.required(vp.Field("hostPath").Field("path"), "")
			}
			if h.Type != nil {
				v.enum(vp.Field("hostPath").Field("type"), string(*h.Type), "", "DirectoryOrCreate", "Directory",
					"FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice")
			}
		}
		if s := src.Secret; s != nil {
			if s.SecretName == "" {
				v.required(vp.Field("secret").Field("secretName"), "")
			}
			v.mode(vp.Field("secret").Field("defaultMode"), s.DefaultMode)
			v.keyToPaths(vp.Field("secret").Field("items"), s.Items)
		}
		if c := src.ConfigMap; c != nil {
			if c.Name == "" {
				v.required(vp.Field("configMap").Field("name"), "")
			}
			v.mode(vp.Field("configMap").Field("defaultMode"), c.DefaultMode)
			v.keyToPaths(vp.Field("configMap").Field("items"), c.Items)
		}
		if c := src.PersistentVolumeClaim; c != nil && c.ClaimName == "" {
			v.required(vp.Field("persistentVolumeClaim").Field("claimName"), "")
		}
		if p := src.Projected; p != nil {
			v.mode(vp.Field("projected").Field("defaultMode"), p.DefaultMode)
			for j, ps := range p.Sources {
				pp := vp.Field("projected").Field("sources").Index(j)
				// validateProjectionSources: one source per item
				if set := setFields(reflect.ValueOf(ps)); len(set) == 0 {
					v.required(pp, "must specify exactly 1 of: `configMap`, `secret`, `downwardAPI`, `serviceAccountToken`, `clusterTrustBundle`, `podCertificate`")
				} else if len(set) > 1 {
					v.forbidden(pp.Field(set[1]), "may not specify more than 1 volume type per source")
				}
			}
		}
	}
}

// setFields returns the JSON names of the non-nil pointer fields of a
// struct of optional pointers (a volume source): reflection here only
// counts what is set, in declaration order, as the server's counting does.
func setFields(s reflect.Value) []string {
	var out []string
	t := s.Type()
	for i := range t.NumField() {
		f := s.Field(i)
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			out = append(out, name)
		}
	}
	return out
}

// mode follows validateVolumeMode (via ValidateVolumes): 0 to 0777.
func (v values) mode(at analyzer.Path, m *int32) {
	if m != nil && (*m < 0 || *m > 0o777) {
		v.invalid(at, *m, "must be a number between 0 and 0777 (octal), both inclusive")
	}
}

// keyToPaths follows validateKeyToPath.
func (v values) keyToPaths(at analyzer.Path, items []corev1.KeyToPath) {
	for i, it := range items {
		ip := at.Index(i)
		if it.Key == "" {
			v.required(ip.Field("key"), "")
		}
		if it.Path == "" {
			v.required(ip.Field("path"), "")
		} else {
			v.localPath(ip.Field("path"), it.Path)
			if strings.HasPrefix(it.Path, "..") {
				v.invalid(ip.Field("path"), it.Path, "must not start with '..'")
			}
		}
		v.mode(ip.Field("mode"), it.Mode)
	}
}

// resources follows ValidateResourceRequirements and
// validateContainerResourceName.
func (v values) resources(at analyzer.Path, r corev1.ResourceRequirements) {
	for _, part := range []struct {
		name string
		list corev1.ResourceList
	}{{"limits", r.Limits}, {"requests", r.Requests}} {
		for _, name := range resourceNames(part.list) {
			rp := at.Field(part.name).Key(name)
			q := part.list[corev1.ResourceName(name)]
			v.resourceName(rp, name)
			if q.Sign() < 0 {
				v.invalid(rp, q.String(), "must be greater than or equal to 0")
			}
		}
	}
	for _, name := range resourceNames(r.Requests) {
		req := r.Requests[corev1.ResourceName(name)]
		lim, hasLimit := r.Limits[corev1.ResourceName(name)]
		rp := at.Field("requests").Key(name)
		switch {
		case overcommitAllowed(name):
			if hasLimit && req.Cmp(lim) > 0 {
				v.invalid(rp, req.String(), "must be less than or equal to "+name+" limit of "+lim.String())
			}
		case !hasLimit:
			v.required(at.Field("limits").Key(name), "Limit must be set for non overcommitable resources")
		case req.Cmp(lim) != 0:
			v.invalid(rp, req.String(), "must be equal to "+name+" limit of "+lim.String())
		}
	}
}

// overcommitAllowed follows helper.IsOvercommitAllowed: native resources
// other than huge pages.
func overcommitAllowed(name string) bool {
	native := !strings.Contains(name, "/") || strings.Contains(name, "kubernetes.io/")
	return native && !strings.HasPrefix(name, "hugepages-")
}

func (v values) resourceName(at analyzer.Path, name string) {
	if errs := validation.IsQualifiedName(name); len(errs) > 0 {
		v.msgs(at, name, errs)
		return
	}
	if strings.Contains(name, "/") {
		return
	}
	switch {
	case name == "cpu", name == "memory", name == "ephemeral-storage", strings.HasPrefix(name, "hugepages-"):
		if q, err := resource.ParseQuantity(strings.TrimPrefix(name, "hugepages-")); strings.HasPrefix(name, "hugepages-") && (err != nil || q.Sign() <= 0) {
			v.invalid(at, name, "must be a standard resource for containers")
		}
	default:
		v.invalid(at, name, "must be a standard resource for containers")
	}
}

// probe follows validateProbe and validateHandler.
func (v values) probe(at analyzer.Path, p *corev1.Probe, successIsOne bool) {
	if p == nil {
		return
	}
	v.handler(at, &corev1.LifecycleHandler{Exec: p.Exec, HTTPGet: p.HTTPGet, TCPSocket: p.TCPSocket}, probeGRPC(p)...)
	for f, n := range map[string]int32{"initialDelaySeconds": p.InitialDelaySeconds, "timeoutSeconds": p.TimeoutSeconds,
		"periodSeconds": p.PeriodSeconds, "successThreshold": p.SuccessThreshold, "failureThreshold": p.FailureThreshold} {
		v.nonNegative(at.Field(f), &n)
	}
	if successIsOne && p.SuccessThreshold != 0 && p.SuccessThreshold != 1 {
		v.invalid(at.Field("successThreshold"), p.SuccessThreshold, "must be 1")
	}
	if g := p.GRPC; g != nil {
		v.msgs(at.Field("grpc").Field("port"), g.Port, validation.IsValidPortNum(int(g.Port)))
	}
	if t := p.TerminationGracePeriodSeconds; t != nil && *t <= 0 {
		v.invalid(at.Field("terminationGracePeriodSeconds"), *t, "must be greater than 0")
	}
}

func probeGRPC(p *corev1.Probe) []string {
	if p.GRPC != nil {
		return []string{"grpc"}
	}
	return nil
}

// handler follows validateHandler: exactly one of exec, httpGet,
// tcpSocket, grpc (probes) or sleep (lifecycle hooks).
func (v values) handler(at analyzer.Path, h *corev1.LifecycleHandler, extra ...string) {
	if h == nil {
		return
	}
	var set []string
	if h.Exec != nil {
		set = append(set, "exec")
		if len(h.Exec.Command) == 0 {
			v.required(at.Field("exec").Field("command"), "")
		}
	}
	if g := h.HTTPGet; g != nil {
		set = append(set, "httpGet")
		v.portNumOrName(at.Field("httpGet").Field("port"), g.Port)
		v.enum(at.Field("httpGet").Field("scheme"), string(g.Scheme), "HTTP", "HTTPS")
		for i, hd := range g.HTTPHeaders {
			v.msgs(at.Field("httpGet").Field("httpHeaders").Index(i).Field("name"), hd.Name, validation.IsHTTPHeaderName(hd.Name))
		}
	}
	if t := h.TCPSocket; t != nil {
		set = append(set, "tcpSocket")
		v.portNumOrName(at.Field("tcpSocket").Field("port"), t.Port)
	}
	set = append(set, extra...)
	if h.Sleep != nil {
		set = append(set, "sleep")
	}
	switch len(set) {
	case 0:
		v.required(at, "must specify a handler type")
	case 1:
	default:
		v.forbidden(at.Field(set[1]), "may not specify more than 1 handler type")
	}
}

// tolerations follows ValidateTolerations.
func (v values) tolerations(at analyzer.Path, ts []corev1.Toleration) {
	for i, t := range ts {
		tp := at.Index(i)
		if t.Key != "" {
			v.msgs(tp.Field("key"), t.Key, validation.IsQualifiedName(t.Key))
		} else if t.Operator != corev1.TolerationOpExists {
			v.invalid(tp.Field("operator"), string(t.Operator), "operator must be Exists when `key` is empty, which means \"match all values and all keys\"")
		}
		if t.TolerationSeconds != nil && t.Effect != corev1.TaintEffectNoExecute {
			v.invalid(tp.Field("effect"), string(t.Effect), "effect must be 'NoExecute' when `tolerationSeconds` is set")
		}
		switch t.Operator {
		case corev1.TolerationOpEqual, "":
			v.msgs(tp.Field("value"), t.Value, validation.IsValidLabelValue(t.Value))
		case corev1.TolerationOpExists:
			if t.Value != "" {
				v.invalid(tp.Field("value"), t.Value, "value must be empty when `operator` is 'Exists'")
			}
		default:
			v.enum(tp.Field("operator"), string(t.Operator), "Equal", "Exists")
		}
		v.enum(tp.Field("effect"), string(t.Effect), "NoSchedule", "PreferNoSchedule", "NoExecute")
	}
}

// topologySpread follows validateTopologySpreadConstraints.
func (v values) topologySpread(at analyzer.Path, cs []corev1.TopologySpreadConstraint) {
	seen := map[[2]string]bool{}
	for i, c := range cs {
		cp := at.Index(i)
		if c.MaxSkew <= 0 {
			v.invalid(cp.Field("maxSkew"), c.MaxSkew, "must be greater than zero")
		}
		if c.TopologyKey == "" {
			v.required(cp.Field("topologyKey"), "can not be empty")
		} else {
			v.msgs(cp.Field("topologyKey"), c.TopologyKey, validation.IsQualifiedName(c.TopologyKey))
		}
		if c.WhenUnsatisfiable == "" {
			v.required(cp.Field("whenUnsatisfiable"), `supported values: "DoNotSchedule", "ScheduleAnyway"`)
		}
		v.enum(cp.Field("whenUnsatisfiable"), string(c.WhenUnsatisfiable), "DoNotSchedule", "ScheduleAnyway")
		if m := c.MinDomains; m != nil {
			switch {
			case *m <= 0:
				v.invalid(cp.Field("minDomains"), *m, "must be greater than 0")
			case c.WhenUnsatisfiable != corev1.DoNotSchedule:
				v.invalid(cp.Field("minDomains"), *m, "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not "+string(c.WhenUnsatisfiable))
			}
		}
		if c.NodeAffinityPolicy != nil {
			v.enum(cp.Field("nodeAffinityPolicy"), string(*c.NodeAffinityPolicy), "Honor", "Ignore")
		}
		if c.NodeTaintsPolicy != nil {
			v.enum(cp.Field("nodeTaintsPolicy"), string(*c.NodeTaintsPolicy), "Honor", "Ignore")
		}
		for j, k := range c.MatchLabelKeys {
			v.msgs(cp.Field("matchLabelKeys").Index(j), k, validation.IsQualifiedName(k))
		}
		v.labelSelector(cp.Field("labelSelector"), c.LabelSelector)
		pair := [2]string{c.TopologyKey, string(c.WhenUnsatisfiable)}
		if seen[pair] {
			v.report(cp, fieldDuplicate("{"+c.TopologyKey+", "+string(c.WhenUnsatisfiable)+"}"))
		}
		seen[pair] = true
	}
}

// affinity follows validateAffinity, validateNodeSelectorTerm and
// validatePodAffinityTerm.
func (v values) affinity(at analyzer.Path, a *corev1.Affinity) {
	if a == nil {
		return
	}
	if na := a.NodeAffinity; na != nil {
		np := at.Field("nodeAffinity")
		if r := na.RequiredDuringSchedulingIgnoredDuringExecution; r != nil {
			rp := np.Field("requiredDuringSchedulingIgnoredDuringExecution").Field("nodeSelectorTerms")
			if len(r.NodeSelectorTerms) == 0 {
				v.required(rp, "must have at least one node selector term")
			}
			for i, t := range r.NodeSelectorTerms {
				v.nodeSelectorTerm(rp.Index(i), t)
			}
		}
		for i, p := range na.PreferredDuringSchedulingIgnoredDuringExecution {
			pp := np.Field("preferredDuringSchedulingIgnoredDuringExecution").Index(i)
			v.weight(pp.Field("weight"), p.Weight)
			v.nodeSelectorTerm(pp.Field("preference"), p.Preference)
		}
	}
	for name, pa := range map[string]*corev1.PodAffinity{"podAffinity": a.PodAffinity} {
		if pa != nil {
			v.podAffinityTerms(at.Field(name), pa.RequiredDuringSchedulingIgnoredDuringExecution, pa.PreferredDuringSchedulingIgnoredDuringExecution)
		}
	}
	if pa := a.PodAntiAffinity; pa != nil {
		v.podAffinityTerms(at.Field("podAntiAffinity"), pa.RequiredDuringSchedulingIgnoredDuringExecution, pa.PreferredDuringSchedulingIgnoredDuringExecution)
	}
}

func (v values) weight(at analyzer.Path, w int32) {
	if w < 1 || w > 100 {
		v.invalid(at, w, "must be in the range 1-100")
	}
}

func (v values) nodeSelectorTerm(at analyzer.Path, t corev1.NodeSelectorTerm) {
	for f, reqs := range map[string][]corev1.NodeSelectorRequirement{"matchExpressions": t.MatchExpressions, "matchFields": t.MatchFields} {
		for i, r := range reqs {
			rp := at.Field(f).Index(i)
			if f == "matchExpressions" {
				v.msgs(rp.Field("key"), r.Key, validation.IsQualifiedName(r.Key))
			}
			switch r.Operator {
			case corev1.NodeSelectorOpIn, corev1.NodeSelectorOpNotIn:
				if len(r.Values) == 0 {
					v.required(rp.Field("values"), "must be specified when `operator` is 'In' or 'NotIn'")
				}
			case corev1.NodeSelectorOpExists, corev1.NodeSelectorOpDoesNotExist:
				if len(r.Values) > 0 {
					v.forbidden(rp.Field("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
				}
			case corev1.NodeSelectorOpGt, corev1.NodeSelectorOpLt:
				if len(r.Values) != 1 {
					v.required(rp.Field("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'")
				}
			default:
				v.invalid(rp.Field("operator"), string(r.Operator), "not a valid selector operator")
			}
		}
	}
}

func (v values) podAffinityTerms(at analyzer.Path, req []corev1.PodAffinityTerm, pref []corev1.WeightedPodAffinityTerm) {
	term := func(tp analyzer.Path, t corev1.PodAffinityTerm) {
		if t.TopologyKey == "" {
			v.required(tp.Field("topologyKey"), "can not be empty")
		} else {
			v.msgs(tp.Field("topologyKey"), t.TopologyKey, validation.IsQualifiedName(t.TopologyKey))
		}
		v.labelSelector(tp.Field("labelSelector"), t.LabelSelector)
		v.labelSelector(tp.Field("namespaceSelector"), t.NamespaceSelector)
	}
	for i, t := range req {
		term(at.Field("requiredDuringSchedulingIgnoredDuringExecution").Index(i), t)
	}
	for i, w := range pref {
		wp := at.Field("preferredDuringSchedulingIgnoredDuringExecution").Index(i)
		v.weight(wp.Field("weight"), w.Weight)
		term(wp.Field("podAffinityTerm"), w.PodAffinityTerm)
	}
}

// podSecurityContext follows validatePodSecurityContext (ids, groups,
// fsGroupChangePolicy, sysctls, seccomp and AppArmor profiles).
func (v values) podSecurityContext(at analyzer.Path, sc *corev1.PodSecurityContext) {
	if sc == nil {
		return
	}
	v.id(at.Field("runAsUser"), sc.RunAsUser)
	v.id(at.Field("runAsGroup"), sc.RunAsGroup)
	v.id(at.Field("fsGroup"), sc.FSGroup)
	for i, g := range sc.SupplementalGroups {
		v.id(at.Field("supplementalGroups").Index(i), &g)
	}
	if sc.FSGroupChangePolicy != nil {
		v.enum(at.Field("fsGroupChangePolicy"), string(*sc.FSGroupChangePolicy), "OnRootMismatch", "Always")
	}
	if sc.SupplementalGroupsPolicy != nil {
		v.enum(at.Field("supplementalGroupsPolicy"), string(*sc.SupplementalGroupsPolicy), "Merge", "Strict")
	}
	seen := map[string]bool{}
	for i, s := range sc.Sysctls {
		sp := at.Field("sysctls").Index(i)
		switch {
		case s.Name == "":
			v.required(sp.Field("name"), "")
		case seen[s.Name]:
			v.report(sp.Field("name"), fieldDuplicate(s.Name))
		case !sysctlPattern(s.Name):
			v.invalid(sp.Field("name"), s.Name, "must have at most 253 characters and match regex "+sysctlFmt)
		}
		seen[s.Name] = true
	}
	v.profile(at.Field("seccompProfile"), seccomp(sc.SeccompProfile))
	v.profile(at.Field("appArmorProfile"), appArmor(sc.AppArmorProfile))
}

// securityContext follows ValidateSecurityContext for a container.
func (v values) securityContext(at analyzer.Path, sc *corev1.SecurityContext) {
	if sc == nil {
		return
	}
	v.id(at.Field("runAsUser"), sc.RunAsUser)
	v.id(at.Field("runAsGroup"), sc.RunAsGroup)
	if sc.ProcMount != nil {
		v.enum(at.Field("procMount"), string(*sc.ProcMount), "Default", "Unmasked")
	}
	if sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation {
		if sc.Privileged != nil && *sc.Privileged {
			v.invalid(at, "", "cannot set `allowPrivilegeEscalation` to false and `privileged` to true")
		}
		if sc.Capabilities != nil {
			for _, c := range sc.Capabilities.Add {
				if c == "CAP_SYS_ADMIN" {
					v.invalid(at, "", "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN")
				}
			}
		}
	}
	v.profile(at.Field("seccompProfile"), seccomp(sc.SeccompProfile))
	v.profile(at.Field("appArmorProfile"), appArmor(sc.AppArmorProfile))
}

// id follows ValidateNonnegativeField for user and group IDs: 0 to 2^31-1.
func (v values) id(at analyzer.Path, n *int64) {
	if n != nil {
		v.msgs(at, *n, validation.IsInRange(int(*n), 0, math.MaxInt32))
	}
}

type profile struct {
	set       bool
	typ       string
	localhost *string
}

func seccomp(p *corev1.SeccompProfile) profile {
	if p == nil {
		return profile{}
	}
	return profile{set: true, typ: string(p.Type), localhost: p.LocalhostProfile}
}

func appArmor(p *corev1.AppArmorProfile) profile {
	if p == nil {
		return profile{}
	}
	return profile{set: true, typ: string(p.Type), localhost: p.LocalhostProfile}
}

// profile follows validateSeccompProfileField and validateAppArmorProfileField.
func (v values) profile(at analyzer.Path, p profile) {
	if !p.set {
		return
	}
	if p.typ == "" {
		v.required(at.Field("type"), "")
	}
	v.enum(at.Field("type"), p.typ, "Localhost", "RuntimeDefault", "Unconfined")
	switch {
	case p.typ == "Localhost" && (p.localhost == nil || *p.localhost == ""):
		v.required(at.Field("localhostProfile"), "must be set when profile type is \"Localhost\"")
	case p.typ != "Localhost" && p.localhost != nil:
		v.invalid(at.Field("localhostProfile"), *p.localhost, "can only be set when profile type is \"Localhost\"")
	}
}

const sysctlFmt = `([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?`

func sysctlPattern(s string) bool { return len(s) <= 253 && sysctlRegexp.MatchString(s) }

func resourceNames(l corev1.ResourceList) []string {
	out := make([]string, 0, len(l))
	for n := range l {
		out = append(out, string(n))
	}
	slices.Sort(out)
	return out
}
