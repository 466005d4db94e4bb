package rules

import (
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/ext"
)

// InvalidValue is invalid-value at the default Kubernetes version.
var InvalidValue = NewInvalidValue(DefaultKubeVersion())

// NewInvalidValue returns invalid-value for the target Kubernetes version:
// the values the API server's validation rejects although they decode
// into the Go types.
func NewInvalidValue(target KubeVersion) *analyzer.Rule {
	return &analyzer.Rule{
		ID:       "invalid-value",
		Severity: analyzer.Error,
		Family:   "correctness",
		Doc: analyzer.Doc{
			Title: "a value the API server's validation rejects",
			Why: "The Go types of k8s.io/api accept any string where the API server accepts only some: " +
				"imagePullPolicy: always, protocol: tcp, a container named Web, a port name of 16 characters, " +
				"containerPort 70000, a probe with two handlers, restartPolicy: Never in a Deployment. kubectl apply " +
				"then fails with \"Unsupported value\" or \"Invalid value\", and the whole object is refused. This rule " +
				"follows the validation code of Kubernetes (k8s.io/kubernetes pkg/apis/*/validation, cited per check) for " +
				"workloads and every Pod template, Services, ConfigMap and Secret keys, Ingresses, PodDisruptionBudgets and " +
				"HorizontalPodAutoscalers, at --kube-version. What the loader's strict decode already refuses stays `schema`: " +
				"unknown fields, wrong JSON types and malformed quantities (\"512mb\") fail before any validation runs, exactly " +
				"as they fail in the API server's decoder. Fields left unset are not reported where the server fills in a default.",
			Bad:  invalidValueBad,
			Good: invalidValueGood,
		},
		Applies: valueChecked,
		Check:   func(pass *analyzer.Pass) error { return checkInvalidValue(pass, target) },
	}
}

// values reports findings of invalid-value in the words of the API
// server's field.Error, at the offending field.
type values struct {
	pass *analyzer.Pass
	kube KubeVersion
}

func (v values) report(at analyzer.Path, e *field.Error) { v.reportAt(at, at, e) }

// reportAt reports e about the field named at the position of loc, a
// field that exists when the one named does not.
func (v values) reportAt(loc, at analyzer.Path, e *field.Error) {
	for _, r := range v.pass.Object.Repaired {
		if at.HasPrefix(r) {
			return // the loader reported this value, and left it out
		}
	}
	hint := ""
	if s, ok := e.BadValue.(string); ok {
		hint = analyzer.TemplateHint(s)
	}
	v.pass.Reportf(loc, "%s: %s%s", at, e.ErrorBody(), hint)
}

func (v values) invalid(at analyzer.Path, value any, detail string) {
	v.report(at, field.Invalid(nil, value, detail))
}

func (v values) required(at analyzer.Path, detail string) { v.report(at, field.Required(nil, detail)) }

func (v values) forbidden(at analyzer.Path, detail string) {
	v.report(at, field.Forbidden(nil, detail))
}

// enum reports a set value that is not one of supported; an unset one is
// defaulted by the server.
func (v values) enum(at analyzer.Path, value string, supported ...string) {
	if value == "" {
		return
	}
	for _, s := range supported {
		if value == s {
			return
		}
	}
	v.report(at, field.NotSupported(nil, value, supported))
}

// msgs reports the messages of one of apimachinery's Is... helpers.
func (v values) msgs(at analyzer.Path, value any, errs []string) {
	if len(errs) > 0 {
		v.invalid(at, value, strings.Join(errs, "; "))
	}
}

// fieldErrs reports errors whose field.Path is relative to base.
func (v values) fieldErrs(base analyzer.Path, errs field.ErrorList) {
	for _, e := range errs {
		at := base.Join(fromFieldPath(e.Field))
		v.report(at, e)
	}
}

// nonNegative follows ValidateNonnegativeField (pkg/apis/core/validation).
func (v values) nonNegative(at analyzer.Path, n *int32) {
	if n != nil && *n < 0 {
		v.invalid(at, *n, "must be greater than or equal to 0")
	}
}

func (v values) nonNegative64(at analyzer.Path, n *int64) {
	if n != nil && *n < 0 {
		v.invalid(at, *n, "must be greater than or equal to 0")
	}
}

// fromFieldPath reads field.Path's string form (a.b[0].c[key]) as a Path.
func fromFieldPath(s string) analyzer.Path { return extPath(ext.SplitFieldPath(s)) }

func checkInvalidValue(pass *analyzer.Pass, kube KubeVersion) error {
	o := pass.Object
	if o.Rejected || o.Typed == nil {
		return nil // a rejected object's missing parts would read as absent
	}
	v := values{pass: pass, kube: kube}
	spec := analyzer.Path{}.Field("spec")
	if ps, ok := o.PodSpec(); ok {
		v.podSpec(ps)
	}
	switch t := o.Typed.(type) {
	case *appsv1.Deployment:
		v.deployment(t)
	case *appsv1.StatefulSet:
		v.statefulSet(t)
	case *appsv1.DaemonSet:
		v.daemonSet(t)
	case *appsv1.ReplicaSet:
		v.replicas(spec.Field("replicas"), t.Spec.Replicas)
		v.nonNegative(spec.Field("minReadySeconds"), &t.Spec.MinReadySeconds)
		v.alwaysRestart(&t.Spec.Template, "ReplicaSet")
	case *corev1.ReplicationController:
		v.replicas(spec.Field("replicas"), t.Spec.Replicas)
		v.nonNegative(spec.Field("minReadySeconds"), &t.Spec.MinReadySeconds)
		if t.Spec.Template != nil {
			v.alwaysRestart(t.Spec.Template, "ReplicationController")
		}
	case *batchv1.Job:
		v.jobSpec(spec, &t.Spec)
	case *batchv1.CronJob:
		v.cronJob(t)
	case *corev1.Service:
		v.service(t)
	case *corev1.ConfigMap:
		v.configMap(t)
	case *corev1.Secret:
		v.secret(t)
	case *networkingv1.Ingress:
		v.ingress(t)
	case *policyv1.PodDisruptionBudget:
		v.pdb(&t.Spec)
	case *autoscalingv2.HorizontalPodAutoscaler:
		v.hpa(t)
	case *autoscalingv1.HorizontalPodAutoscaler:
		v.hpaV1(t)
	}
	return nil
}

// valueChecked takes in the objects checkInvalidValue judges: every Pod
// spec, and the kinds of its switch.
func valueChecked(o *analyzer.Object) bool {
	if analyzer.HasPodSpec(o) {
		return true
	}
	switch o.Typed.(type) {
	case *appsv1.Deployment, *appsv1.StatefulSet, *appsv1.DaemonSet, *appsv1.ReplicaSet, *corev1.ReplicationController,
		*batchv1.Job, *batchv1.CronJob, *corev1.Service, *corev1.ConfigMap, *corev1.Secret, *networkingv1.Ingress,
		*policyv1.PodDisruptionBudget, *autoscalingv2.HorizontalPodAutoscaler, *autoscalingv1.HorizontalPodAutoscaler:
		return true
	}
	return false
}

// labelSelector follows metav1validation.ValidateLabelSelector, which the
// API server runs on every selector.
func (v values) labelSelector(at analyzer.Path, sel *metav1.LabelSelector) {
	if sel == nil {
		return
	}
	v.fieldErrs(at, metavalidation.ValidateLabelSelector(sel, metavalidation.LabelSelectorValidationOptions{}, nil))
}

// labels follows metav1validation.ValidateLabels, for label maps other
// than metadata (invalid-metadata checks those): selectors, nodeSelector.
func (v values) labels(at analyzer.Path, m map[string]string) {
	for _, k := range sortedKeys(m) {
		v.msgs(at.Key(k), k, validation.IsQualifiedName(k))
		v.msgs(at.Key(k), m[k], validation.IsValidLabelValue(m[k]))
	}
}

// intOrPercent follows ValidatePositiveIntOrPercent and, when max100,
// IsNotMoreThan100Percent (pkg/apis/apps/validation).
func (v values) intOrPercent(at analyzer.Path, x *intstr.IntOrString, max100 bool) {
	if x == nil {
		return
	}
	if x.Type == intstr.Int {
		v.nonNegative(at, &x.IntVal)
		return
	}
	if len(validation.IsValidPercent(x.StrVal)) > 0 {
		v.invalid(at, x.StrVal, "must be an integer or percentage (e.g '5%')")
		return
	}
	n, _ := strconv.Atoi(strings.TrimSuffix(x.StrVal, "%"))
	switch {
	case n < 0:
		v.invalid(at, x.StrVal, "must be greater than or equal to 0")
	case max100 && n > 100:
		v.invalid(at, x.StrVal, "must not be greater than 100%")
	}
}

// isZero reports whether an int-or-percent is set to 0 or 0%.
func isZero(x *intstr.IntOrString) bool {
	return x != nil && ((x.Type == intstr.Int && x.IntVal == 0) || (x.Type == intstr.String && x.StrVal == "0%"))
}

// portNumOrName follows ValidatePortNumOrName (pkg/apis/core/validation).
func (v values) portNumOrName(at analyzer.Path, port intstr.IntOrString) {
	if port.Type == intstr.Int {
		v.msgs(at, port.IntVal, validation.IsValidPortNum(int(port.IntVal)))
		return
	}
	v.msgs(at, port.StrVal, validation.IsValidPortName(port.StrVal))
}

const invalidValueBad = `apiVersion: apps/v1
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
          imagePullPolicy: always
          ports:
            - containerPort: 8080
              protocol: tcp
`

const invalidValueGood = `apiVersion: apps/v1
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
          imagePullPolicy: Always
          ports:
            - containerPort: 8080
              protocol: TCP
`
