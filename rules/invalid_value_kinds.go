package rules

import (
	"cmp"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podlint/podlint/analyzer"
)

var (
	specField    = analyzer.Path{}.Field("spec")
	sysctlRegexp = regexp.MustCompile("^" + sysctlFmt + "$")
)

func cmpOr(s, otherwise string) string { return cmp.Or(s, otherwise) }

func tooMany(n, limit int) *field.Error { return field.TooMany(nil, n, limit) }

func fieldDuplicate(value any) *field.Error { return field.Duplicate(nil, value) }

func (v values) replicas(at analyzer.Path, n *int32) { v.nonNegative(at, n) }

// alwaysRestart follows ValidatePodTemplateSpecForReplicaSet (apps), which
// ValidateDeploymentSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec
// and ValidatePodTemplateSpecForRC (core) share: the Pods of a controller
// that keeps them running must restart Always, and may not set
// activeDeadlineSeconds.
func (v values) alwaysRestart(t *corev1.PodTemplateSpec, kind string) {
	at := v.templatePath().Field("spec")
	if p := t.Spec.RestartPolicy; p != "" && p != corev1.RestartPolicyAlways {
		v.report(at.Field("restartPolicy"), field.NotSupported(nil, p, []string{"Always"}))
	}
	if t.Spec.ActiveDeadlineSeconds != nil {
		v.forbidden(at.Field("activeDeadlineSeconds"), "activeDeadlineSeconds in "+kind+" is not Supported")
	}
}

// templatePath is where the object's Pod template is.
func (v values) templatePath() analyzer.Path {
	_, p, _ := v.pass.Object.PodTemplate()
	return p
}

// deployment follows ValidateDeploymentSpec, ValidateDeploymentStrategy and
// ValidateRollingUpdateDeployment (pkg/apis/apps/validation).
func (v values) deployment(d *appsv1.Deployment) {
	s := d.Spec
	v.replicas(specField.Field("replicas"), s.Replicas)
	v.nonNegative(specField.Field("minReadySeconds"), &s.MinReadySeconds)
	v.nonNegative(specField.Field("revisionHistoryLimit"), s.RevisionHistoryLimit)
	if p := s.ProgressDeadlineSeconds; p != nil {
		v.nonNegative(specField.Field("progressDeadlineSeconds"), p)
		if *p >= 0 && *p <= s.MinReadySeconds {
			v.invalid(specField.Field("progressDeadlineSeconds"), *p, "must be greater than minReadySeconds")
		}
	}
	sp := specField.Field("strategy")
	v.enum(sp.Field("type"), string(s.Strategy.Type), "Recreate", "RollingUpdate")
	if ru := s.Strategy.RollingUpdate; ru != nil {
		if s.Strategy.Type == appsv1.RecreateDeploymentStrategyType {
			v.forbidden(sp.Field("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")
		}
		rp := sp.Field("rollingUpdate")
		v.intOrPercent(rp.Field("maxUnavailable"), ru.MaxUnavailable, true)
		v.intOrPercent(rp.Field("maxSurge"), ru.MaxSurge, false)
		if isZero(ru.MaxUnavailable) && isZero(ru.MaxSurge) {
			v.invalid(rp.Field("maxUnavailable"), ru.MaxUnavailable.String(), "may not be 0 when `maxSurge` is 0")
		}
	}
	v.alwaysRestart(&s.Template, "Deployment")
}

// statefulSet follows ValidateStatefulSetSpec.
func (v values) statefulSet(ss *appsv1.StatefulSet) {
	s := ss.Spec
	v.replicas(specField.Field("replicas"), s.Replicas)
	v.nonNegative(specField.Field("minReadySeconds"), &s.MinReadySeconds)
	v.nonNegative(specField.Field("revisionHistoryLimit"), s.RevisionHistoryLimit)
	v.enum(specField.Field("podManagementPolicy"), string(s.PodManagementPolicy), "OrderedReady", "Parallel")
	up := specField.Field("updateStrategy")
	v.enum(up.Field("type"), string(s.UpdateStrategy.Type), "RollingUpdate", "OnDelete")
	if ru := s.UpdateStrategy.RollingUpdate; ru != nil {
		if s.UpdateStrategy.Type == appsv1.OnDeleteStatefulSetStrategyType {
			v.invalid(up.Field("rollingUpdate"), "", "only allowed for updateStrategy 'RollingUpdate'")
		}
		v.nonNegative(up.Field("rollingUpdate").Field("partition"), ru.Partition)
		v.intOrPercent(up.Field("rollingUpdate").Field("maxUnavailable"), ru.MaxUnavailable, true)
	}
	if p := s.PersistentVolumeClaimRetentionPolicy; p != nil {
		pp := specField.Field("persistentVolumeClaimRetentionPolicy")
		v.enum(pp.Field("whenDeleted"), string(p.WhenDeleted), "Retain", "Delete")
		v.enum(pp.Field("whenScaled"), string(p.WhenScaled), "Retain", "Delete")
	}
	if o := s.Ordinals; o != nil && o.Start < 0 {
		v.invalid(specField.Field("ordinals").Field("start"), o.Start, "must be greater than or equal to 0")
	}
	v.alwaysRestart(&s.Template, "StatefulSet")
}

// daemonSet follows ValidateDaemonSetSpec and ValidateDaemonSetUpdateStrategy.
func (v values) daemonSet(ds *appsv1.DaemonSet) {
	s := ds.Spec
	v.nonNegative(specField.Field("minReadySeconds"), &s.MinReadySeconds)
	v.nonNegative(specField.Field("revisionHistoryLimit"), s.RevisionHistoryLimit)
	up := specField.Field("updateStrategy")
	v.enum(up.Field("type"), string(s.UpdateStrategy.Type), "RollingUpdate", "OnDelete")
	if ru := s.UpdateStrategy.RollingUpdate; ru != nil {
		rp := up.Field("rollingUpdate")
		v.intOrPercent(rp.Field("maxUnavailable"), ru.MaxUnavailable, true)
		v.intOrPercent(rp.Field("maxSurge"), ru.MaxSurge, true)
		if isZero(ru.MaxUnavailable) && isZero(ru.MaxSurge) {
			v.invalid(rp.Field("maxUnavailable"), ru.MaxUnavailable.String(), "may not be 0 when `maxSurge` is 0")
		}
	}
	v.alwaysRestart(&s.Template, "DaemonSet")
}

// jobSpec follows validateJobSpec and validatePodTemplateSpec
// (pkg/apis/batch/validation) at prefix (spec, or a CronJob's
// spec.jobTemplate.spec).
func (v values) jobSpec(at analyzer.Path, s *batchv1.JobSpec) {
	v.nonNegative(at.Field("parallelism"), s.Parallelism)
	v.nonNegative(at.Field("completions"), s.Completions)
	v.nonNegative(at.Field("backoffLimit"), s.BackoffLimit)
	v.nonNegative64(at.Field("activeDeadlineSeconds"), s.ActiveDeadlineSeconds)
	v.nonNegative(at.Field("ttlSecondsAfterFinished"), s.TTLSecondsAfterFinished)
	if m := s.CompletionMode; m != nil {
		v.enum(at.Field("completionMode"), string(*m), "NonIndexed", "Indexed")
		if *m == batchv1.IndexedCompletion && s.Completions == nil {
			v.required(at.Field("completions"), "when completion mode is Indexed")
		}
	}
	if s.BackoffLimitPerIndex != nil && (s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion) {
		v.invalid(at.Field("backoffLimitPerIndex"), *s.BackoffLimitPerIndex, "requires indexed completion mode")
	}
	if p := s.PodReplacementPolicy; p != nil {
		v.enum(at.Field("podReplacementPolicy"), string(*p), "TerminatingOrFailed", "Failed")
	}
	rp := at.Field("template").Field("spec").Field("restartPolicy")
	switch p := s.Template.Spec.RestartPolicy; {
	case p == "" && !v.pass.Object.IsPatch():
		v.report(rp, field.NotSupported(nil, "Always (the default when unset)", []string{"OnFailure", "Never"}))
	case p != "" && p != corev1.RestartPolicyOnFailure && p != corev1.RestartPolicyNever:
		v.report(rp, field.NotSupported(nil, p, []string{"OnFailure", "Never"}))
	case s.PodFailurePolicy != nil && p != corev1.RestartPolicyNever && p != "":
		v.invalid(rp, p, `only "Never" is supported when podFailurePolicy is specified`)
	}
}

// cronJob follows ValidateCronJobCreate and validateCronJobSpec.
func (v values) cronJob(cj *batchv1.CronJob) {
	if len(cj.Name) > 52 {
		v.invalid(analyzer.Path{}.Field("metadata").Field("name"), cj.Name, "must be no more than 52 characters")
	}
	s := cj.Spec
	sp := specField.Field("schedule")
	switch {
	case s.Schedule == "":
		v.required(sp, "")
	case strings.Contains(s.Schedule, "TZ") && s.TimeZone != nil:
		v.invalid(sp, s.Schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule")
	case strings.Contains(s.Schedule, "TZ"):
		v.invalid(sp, s.Schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
	default:
		if _, err := cron.ParseStandard(s.Schedule); err != nil {
			v.invalid(sp, s.Schedule, err.Error())
		}
	}
	v.enum(specField.Field("concurrencyPolicy"), string(s.ConcurrencyPolicy), "Allow", "Forbid", "Replace")
	v.nonNegative64(specField.Field("startingDeadlineSeconds"), s.StartingDeadlineSeconds)
	v.nonNegative(specField.Field("successfulJobsHistoryLimit"), s.SuccessfulJobsHistoryLimit)
	v.nonNegative(specField.Field("failedJobsHistoryLimit"), s.FailedJobsHistoryLimit)
	if tz := s.TimeZone; tz != nil {
		// validateTimeZone
		if _, err := time.LoadLocation(*tz); err != nil || *tz == "Local" || strings.EqualFold(*tz, "local") {
			v.invalid(specField.Field("timeZone"), *tz, "unknown time zone "+*tz)
		}
	}
	v.jobSpec(specField.Field("jobTemplate").Field("spec"), &s.JobTemplate.Spec)
}

// service follows ValidateService and validateServicePort
// (pkg/apis/core/validation).
func (v values) service(svc *corev1.Service) {
	s := svc.Spec
	typ := cmp.Or(s.Type, corev1.ServiceTypeClusterIP)
	v.enum(specField.Field("type"), string(s.Type), "ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
	headless := s.ClusterIP == corev1.ClusterIPNone
	// A Service with neither ports nor a selector is a patch to merge
	// (a kustomize overlay that sets the type), not one to apply.
	if len(s.Ports) == 0 && typ != corev1.ServiceTypeExternalName && !headless && len(s.Selector) > 0 {
		v.required(specField.Field("ports"), "")
	}
	if headless && (typ == corev1.ServiceTypeLoadBalancer || typ == corev1.ServiceTypeNodePort) {
		v.invalid(specField.Field("clusterIP"), s.ClusterIP, "may not be set to 'None' for "+string(typ)+" services")
	}
	if typ == corev1.ServiceTypeExternalName {
		name := strings.TrimSuffix(s.ExternalName, ".")
		if name == "" {
			v.required(specField.Field("externalName"), "")
		} else {
			v.msgs(specField.Field("externalName"), s.ExternalName, validation.IsDNS1123Subdomain(name))
		}
	}
	names := map[string]bool{}
	ports := map[string]bool{}
	for i, p := range s.Ports {
		pp := specField.Field("ports").Index(i)
		if p.Name == "" && len(s.Ports) > 1 {
			v.required(pp.Field("name"), "")
		} else if p.Name != "" {
			v.msgs(pp.Field("name"), p.Name, validation.IsDNS1123Label(p.Name))
			if names[p.Name] {
				v.report(pp.Field("name"), fieldDuplicate(p.Name))
			}
			names[p.Name] = true
		}
		v.msgs(pp.Field("port"), p.Port, validation.IsValidPortNum(int(p.Port)))
		v.enum(pp.Field("protocol"), string(p.Protocol), "SCTP", "TCP", "UDP")
		if p.TargetPort.IntVal != 0 || p.TargetPort.StrVal != "" {
			v.portNumOrName(pp.Field("targetPort"), p.TargetPort)
		}
		if p.AppProtocol != nil {
			v.msgs(pp.Field("appProtocol"), *p.AppProtocol, validation.IsQualifiedName(*p.AppProtocol))
		}
		if p.NodePort != 0 {
			if typ == corev1.ServiceTypeClusterIP || typ == corev1.ServiceTypeExternalName {
				v.forbidden(pp.Field("nodePort"), "may not be used when `type` is '"+string(typ)+"'")
			} else {
				v.msgs(pp.Field("nodePort"), p.NodePort, validation.IsValidPortNum(int(p.NodePort)))
			}
		}
		key := string(cmp.Or(p.Protocol, corev1.ProtocolTCP)) + "/" + strconv.Itoa(int(p.Port))
		if ports[key] {
			v.report(pp, fieldDuplicate(p.Port))
		}
		ports[key] = true
	}
	v.enum(specField.Field("sessionAffinity"), string(s.SessionAffinity), "ClientIP", "None")
	if c := s.SessionAffinityConfig; c != nil && c.ClientIP != nil && c.ClientIP.TimeoutSeconds != nil {
		if t := *c.ClientIP.TimeoutSeconds; t <= 0 || t > 86400 {
			v.invalid(specField.Field("sessionAffinityConfig").Field("clientIP").Field("timeoutSeconds"), t, "must be greater than 0 and less than 86400")
		}
	}
	if s.ExternalTrafficPolicy != "" {
		if typ != corev1.ServiceTypeNodePort && typ != corev1.ServiceTypeLoadBalancer {
			v.invalid(specField.Field("externalTrafficPolicy"), string(s.ExternalTrafficPolicy), "may only be set when `type` is 'NodePort' or 'LoadBalancer'")
		}
		v.enum(specField.Field("externalTrafficPolicy"), string(s.ExternalTrafficPolicy), "Cluster", "Local")
	}
	if s.InternalTrafficPolicy != nil {
		v.enum(specField.Field("internalTrafficPolicy"), string(*s.InternalTrafficPolicy), "Cluster", "Local")
	}
	if s.IPFamilyPolicy != nil {
		v.enum(specField.Field("ipFamilyPolicy"), string(*s.IPFamilyPolicy), "SingleStack", "PreferDualStack", "RequireDualStack")
	}
	for i, f := range s.IPFamilies {
		v.enum(specField.Field("ipFamilies").Index(i), string(f), "IPv4", "IPv6")
	}
	if s.ClusterIP != "" && !headless {
		v.fieldErrs(specField.Field("clusterIP"), validation.IsValidIPForLegacyField(nil, s.ClusterIP, false, nil))
	}
	for i, ip := range s.ExternalIPs {
		v.fieldErrs(specField.Field("externalIPs").Index(i), validation.IsValidIPForLegacyField(nil, ip, false, nil))
	}
	for f, set := range map[string]bool{"allocateLoadBalancerNodePorts": s.AllocateLoadBalancerNodePorts != nil,
		"loadBalancerClass": s.LoadBalancerClass != nil, "loadBalancerSourceRanges": len(s.LoadBalancerSourceRanges) > 0} {
		if set && typ != corev1.ServiceTypeLoadBalancer {
			v.forbidden(specField.Field(f), "may only be used when `type` is 'LoadBalancer'")
		}
	}
	for i, r := range s.LoadBalancerSourceRanges {
		v.fieldErrs(specField.Field("loadBalancerSourceRanges").Index(i), validation.IsValidCIDRForLegacyField(nil, strings.TrimSpace(r), false, nil))
	}
	v.labels(specField.Field("selector"), s.Selector)
}

// maxConfigSize is MaxSecretSize and the size limit of ValidateConfigMap.
const maxConfigSize = 1 << 20

// configMap follows ValidateConfigMap.
func (v values) configMap(c *corev1.ConfigMap) {
	size := 0
	for _, k := range sortedKeys(c.Data) {
		v.msgs(analyzer.Path{}.Field("data").Key(k), k, validation.IsConfigMapKey(k))
		if _, dup := c.BinaryData[k]; dup {
			v.invalid(analyzer.Path{}.Field("data").Key(k), k, "duplicate of key present in binaryData")
		}
		size += len(c.Data[k])
	}
	for _, k := range sortedKeys(c.BinaryData) {
		v.msgs(analyzer.Path{}.Field("binaryData").Key(k), k, validation.IsConfigMapKey(k))
		size += len(c.BinaryData[k])
	}
	if size > maxConfigSize {
		v.report(analyzer.Path{}, field.TooLong(nil, "", maxConfigSize))
	}
}

// secret follows ValidateSecret; stringData is merged into data first, as
// the server's conversion does.
func (v values) secret(s *corev1.Secret) {
	size := 0
	keys := map[string]analyzer.Path{}
	for _, k := range sortedKeys(s.Data) {
		keys[k] = analyzer.Path{}.Field("data").Key(k)
		size += len(s.Data[k])
	}
	for _, k := range sortedKeys(s.StringData) {
		keys[k] = analyzer.Path{}.Field("stringData").Key(k)
		size += len(s.StringData[k])
	}
	for _, k := range sortedKeys(keys) {
		v.msgs(keys[k], k, validation.IsConfigMapKey(k))
	}
	if size > maxConfigSize {
		v.report(analyzer.Path{}, field.TooLong(nil, "", maxConfigSize))
	}
	value := func(k string) ([]byte, bool) {
		if d, ok := s.StringData[k]; ok {
			return []byte(d), true
		}
		d, ok := s.Data[k]
		return d, ok
	}
	data := analyzer.Path{}.Field("data")
	typ := analyzer.Path{}.Field("type") // a missing key is placed at the type that wants it
	need := func(k string) {
		if _, ok := value(k); !ok {
			v.reportAt(typ, data.Key(k), field.Required(nil, "required by type "+string(s.Type)))
		}
	}
	switch s.Type {
	case corev1.SecretTypeServiceAccountToken:
		if s.Annotations[corev1.ServiceAccountNameKey] == "" {
			v.required(analyzer.Path{}.Field("metadata").Field("annotations").Key(corev1.ServiceAccountNameKey), "")
		}
	case corev1.SecretTypeDockercfg, corev1.SecretTypeDockerConfigJson:
		k := corev1.DockerConfigKey
		if s.Type == corev1.SecretTypeDockerConfigJson {
			k = corev1.DockerConfigJsonKey
		}
		if d, ok := value(k); !ok {
			need(k)
		} else if !json.Valid(d) {
			v.invalid(keys[k], "<secret contents redacted>", "invalid character in JSON")
		}
	case corev1.SecretTypeBasicAuth:
		_, user := value(corev1.BasicAuthUsernameKey)
		_, pass := value(corev1.BasicAuthPasswordKey)
		if !user && !pass {
			need(corev1.BasicAuthUsernameKey)
		}
	case corev1.SecretTypeSSHAuth:
		need(corev1.SSHAuthPrivateKey)
	case corev1.SecretTypeTLS:
		need(corev1.TLSCertKey)
		need(corev1.TLSPrivateKeyKey)
	}
}

// ingress follows ValidateIngressSpec, validateIngressRules,
// validateHTTPIngressPath, validateIngressBackend and validateIngressTLS
// (pkg/apis/networking/validation) for networking.k8s.io/v1.
func (v values) ingress(ing *networkingv1.Ingress) {
	s := ing.Spec
	if len(s.Rules) == 0 && s.DefaultBackend == nil {
		v.invalid(specField, "", "either `defaultBackend` or `rules` must be specified")
	}
	if s.DefaultBackend != nil {
		v.ingressBackend(specField.Field("defaultBackend"), s.DefaultBackend)
	}
	if s.IngressClassName != nil {
		v.msgs(specField.Field("ingressClassName"), *s.IngressClassName, validation.IsDNS1123Subdomain(*s.IngressClassName))
	}
	for i, r := range s.Rules {
		rp := specField.Field("rules").Index(i)
		if r.Host != "" {
			v.ingressHost(rp.Field("host"), r.Host)
		}
		if r.HTTP == nil {
			continue
		}
		pathsAt := rp.Field("http").Field("paths")
		if len(r.HTTP.Paths) == 0 {
			v.required(pathsAt, "")
		}
		for j, p := range r.HTTP.Paths {
			pp := pathsAt.Index(j)
			switch {
			case p.PathType == nil:
				v.required(pp.Field("pathType"), "pathType must be specified")
			case *p.PathType == networkingv1.PathTypeExact || *p.PathType == networkingv1.PathTypePrefix:
				if !strings.HasPrefix(p.Path, "/") {
					v.invalid(pp.Field("path"), p.Path, "must be an absolute path")
				}
				for _, bad := range []string{"//", "/./", "/../", "%2f", "%2F"} {
					if strings.Contains(p.Path, bad) {
						v.invalid(pp.Field("path"), p.Path, "must not contain '"+bad+"'")
					}
				}
				for _, bad := range []string{"/..", "/."} {
					if strings.HasSuffix(p.Path, bad) {
						v.invalid(pp.Field("path"), p.Path, "cannot end with '"+bad+"'")
					}
				}
			case *p.PathType == networkingv1.PathTypeImplementationSpecific:
				if p.Path != "" && !strings.HasPrefix(p.Path, "/") {
					v.invalid(pp.Field("path"), p.Path, "must be an absolute path")
				}
			default:
				v.enum(pp.Field("pathType"), string(*p.PathType), "Exact", "ImplementationSpecific", "Prefix")
			}
			v.ingressBackend(pp.Field("backend"), &p.Backend)
		}
	}
	for i, t := range s.TLS {
		for j, h := range t.Hosts {
			hp := specField.Field("tls").Index(i).Field("hosts").Index(j)
			if strings.HasPrefix(h, "*.") {
				v.msgs(hp, h, validation.IsWildcardDNS1123Subdomain(h))
			} else {
				v.msgs(hp, h, validation.IsDNS1123Subdomain(h))
			}
		}
	}
}

func (v values) ingressHost(at analyzer.Path, host string) {
	if len(validation.IsValidIP(nil, host)) == 0 {
		v.invalid(at, host, "must be a DNS name, not an IP address")
		return
	}
	if strings.Contains(host, "*") {
		v.msgs(at, host, validation.IsWildcardDNS1123Subdomain(host))
		return
	}
	v.msgs(at, host, validation.IsDNS1123Subdomain(host))
}

func (v values) ingressBackend(at analyzer.Path, b *networkingv1.IngressBackend) {
	switch {
	case b.Service == nil && b.Resource == nil:
		v.invalid(at, "", "one backend must be specified")
		return
	case b.Service != nil && b.Resource != nil:
		v.invalid(at, "", "cannot set both resource and service backends")
		return
	case b.Service == nil:
		return
	}
	sp := at.Field("service")
	if b.Service.Name == "" {
		v.required(sp.Field("name"), "")
	} else {
		v.msgs(sp.Field("name"), b.Service.Name, validation.IsDNS1035Label(b.Service.Name))
	}
	port := b.Service.Port
	switch {
	case port.Name != "" && port.Number != 0:
		v.invalid(sp.Field("port"), port.Name, "cannot set both port name & port number")
	case port.Name != "":
		v.msgs(sp.Field("port").Field("name"), port.Name, validation.IsValidPortName(port.Name))
	case port.Number != 0:
		v.msgs(sp.Field("port").Field("number"), port.Number, validation.IsValidPortNum(int(port.Number)))
	default:
		v.required(sp.Field("port"), "port name or number is required")
	}
}

// pdb follows ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation).
func (v values) pdb(s *policyv1.PodDisruptionBudgetSpec) {
	if s.MinAvailable != nil && s.MaxUnavailable != nil {
		v.invalid(specField, "", "minAvailable and maxUnavailable cannot be both set")
	}
	v.intOrPercent(specField.Field("minAvailable"), s.MinAvailable, true)
	v.intOrPercent(specField.Field("maxUnavailable"), s.MaxUnavailable, true)
	v.labelSelector(specField.Field("selector"), s.Selector)
	if p := s.UnhealthyPodEvictionPolicy; p != nil {
		v.enum(specField.Field("unhealthyPodEvictionPolicy"), string(*p), "IfHealthyBudget", "AlwaysAllow")
	}
}

// hpaReplicas follows validateHorizontalPodAutoscalerSpec's replica bounds
// (HPAScaleToZero is alpha and off) and ValidateCrossVersionObjectReference.
func (v values) hpaReplicas(minReplicas *int32, maxReplicas int32, kind, name string) {
	if minReplicas != nil && *minReplicas < 1 {
		v.invalid(specField.Field("minReplicas"), *minReplicas, "must be greater than or equal to 1")
	}
	if maxReplicas < 1 {
		v.invalid(specField.Field("maxReplicas"), maxReplicas, "must be greater than 0")
	}
	if minReplicas != nil && maxReplicas < *minReplicas {
		v.invalid(specField.Field("maxReplicas"), maxReplicas, "must be greater than or equal to `minReplicas`")
	}
	ref := specField.Field("scaleTargetRef")
	for f, s := range map[string]string{"kind": kind, "name": name} {
		if s == "" {
			v.required(ref.Field(f), "")
		} else {
			v.msgs(ref.Field(f), s, pathSegmentName(s))
		}
	}
}

// pathSegmentName follows path.IsValidPathSegmentName.
func pathSegmentName(s string) []string {
	if s == "." || s == ".." {
		return []string{"may not be '" + s + "'"}
	}
	if strings.ContainsAny(s, "/%") {
		return []string{"may not contain '/' or '%'"}
	}
	return nil
}

func (v values) hpaV1(h *autoscalingv1.HorizontalPodAutoscaler) {
	s := h.Spec
	v.hpaReplicas(s.MinReplicas, s.MaxReplicas, s.ScaleTargetRef.Kind, s.ScaleTargetRef.Name)
	if u := s.TargetCPUUtilizationPercentage; u != nil && *u < 1 {
		v.invalid(specField.Field("targetCPUUtilizationPercentage"), *u, "must be greater than 0")
	}
}

// hpa follows ValidateHorizontalPodAutoscalerSpec, validateMetrics,
// validateMetricTarget and validateBehavior (pkg/apis/autoscaling/validation).
func (v values) hpa(h *autoscalingv2.HorizontalPodAutoscaler) {
	s := h.Spec
	v.hpaReplicas(s.MinReplicas, s.MaxReplicas, s.ScaleTargetRef.Kind, s.ScaleTargetRef.Name)
	for i, m := range s.Metrics {
		mp := specField.Field("metrics").Index(i)
		sources := map[autoscalingv2.MetricSourceType]string{}
		var target *autoscalingv2.MetricTarget
		var targetAt analyzer.Path
		if m.Object != nil {
			sources["Object"], target, targetAt = "object", &m.Object.Target, mp.Field("object").Field("target")
		}
		if m.Pods != nil {
			sources["Pods"], target, targetAt = "pods", &m.Pods.Target, mp.Field("pods").Field("target")
		}
		if m.Resource != nil {
			sources["Resource"], target, targetAt = "resource", &m.Resource.Target, mp.Field("resource").Field("target")
			if m.Resource.Name == "" {
				v.required(mp.Field("resource").Field("name"), "must specify a resource name")
			}
		}
		if m.ContainerResource != nil {
			sources["ContainerResource"], target, targetAt = "containerResource", &m.ContainerResource.Target, mp.Field("containerResource").Field("target")
		}
		if m.External != nil {
			sources["External"], target, targetAt = "external", &m.External.Target, mp.Field("external").Field("target")
		}
		if m.Type == "" {
			v.required(mp.Field("type"), "must specify a metric source type")
			continue
		}
		if _, known := map[autoscalingv2.MetricSourceType]bool{"Object": true, "Pods": true, "Resource": true, "ContainerResource": true, "External": true}[m.Type]; !known {
			v.report(mp.Field("type"), field.NotSupported(nil, m.Type, []string{"ContainerResource", "External", "Object", "Pods", "Resource"}))
			continue
		}
		if _, ok := sources[m.Type]; !ok {
			v.required(mp, "must populate information for the given metric source")
			continue
		}
		if len(sources) > 1 {
			v.forbidden(mp, "must populate the given metric source only")
			continue
		}
		v.metricTarget(targetAt, target)
	}
	if b := s.Behavior; b != nil {
		v.scalingRules(specField.Field("behavior").Field("scaleUp"), b.ScaleUp)
		v.scalingRules(specField.Field("behavior").Field("scaleDown"), b.ScaleDown)
	}
}

func (v values) metricTarget(at analyzer.Path, t *autoscalingv2.MetricTarget) {
	if t.Type == "" {
		v.required(at.Field("type"), "must specify a metric target type")
		return
	}
	v.enum(at.Field("type"), string(t.Type), "AverageValue", "Utilization", "Value")
	if t.Value == nil && t.AverageValue == nil && t.AverageUtilization == nil {
		v.required(at, "must set either a target raw value or a target utilization")
	}
	if u := t.AverageUtilization; u != nil && *u < 1 {
		v.invalid(at.Field("averageUtilization"), *u, "must be greater than 0")
	}
	if q := t.Value; q != nil && q.Sign() <= 0 {
		v.invalid(at.Field("value"), q.String(), "must be positive")
	}
	if q := t.AverageValue; q != nil && q.Sign() <= 0 {
		v.invalid(at.Field("averageValue"), q.String(), "must be positive")
	}
}

func (v values) scalingRules(at analyzer.Path, r *autoscalingv2.HPAScalingRules) {
	if r == nil {
		return
	}
	if w := r.StabilizationWindowSeconds; w != nil && (*w < 0 || *w > 3600) {
		v.invalid(at.Field("stabilizationWindowSeconds"), *w, validation.InclusiveRangeError(0, 3600))
	}
	if p := r.SelectPolicy; p != nil {
		v.enum(at.Field("selectPolicy"), string(*p), "Disabled", "Max", "Min")
	}
	for i, p := range r.Policies {
		pp := at.Field("policies").Index(i)
		v.enum(pp.Field("type"), string(p.Type), "Percent", "Pods")
		if p.Value <= 0 {
			v.invalid(pp.Field("value"), p.Value, "must be greater than zero")
		}
		if p.PeriodSeconds <= 0 || p.PeriodSeconds > 1800 {
			v.invalid(pp.Field("periodSeconds"), p.PeriodSeconds, validation.InclusiveRangeError(1, 1800))
		}
	}
}
