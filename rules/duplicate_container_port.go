package rules

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/podlint/podlint/analyzer"
)

// DuplicateContainerPort reports two app containers of one Pod that bind
// the same port: they share one network namespace.
var DuplicateContainerPort = &analyzer.Rule{
	ID:       "duplicate-container-port",
	Severity: analyzer.Error,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "two containers of one Pod declare the same port",
		Why: "Containers in a Pod share one network namespace, so one port space: the second container to bind " +
			"a port fails to start (address already in use) and restarts forever. Port identity is number plus " +
			"protocol, so 53/UDP and 53/TCP do not clash. Ordinary init containers run before the app and do not " +
			"clash; native sidecars (init containers with restartPolicy: Always) do. Two hostPorts on one node clash the same way. " +
			"One container listing a port twice (say under two names) is a warning: it binds once, and the API server only warns.",
		Bad:  duplicateContainerPortBad,
		Good: duplicateContainerPortGood,
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkDuplicateContainerPort,
}

type portKey struct {
	ip       string
	port     int32
	protocol corev1.Protocol
}

type portSeen struct {
	container string
	path      analyzer.Path
	name      string // the port's name, if any
}

func checkDuplicateContainerPort(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok {
		return nil
	}
	container := map[portKey]portSeen{}
	host := map[portKey]portSeen{}
	for c := range spec.AppContainers() {
		for i, p := range c.Ports {
			proto := p.Protocol
			if proto == "" {
				proto = corev1.ProtocolTCP
			}
			at := c.Path.Field("ports").Index(i)
			if p.ContainerPort > 0 {
				k := portKey{port: p.ContainerPort, protocol: proto}
				if first, dup := container[k]; dup {
					reportPortClash(pass, at.Field("containerPort"), first, c.Name, p.Name, "containerPort", k)
				} else {
					container[k] = portSeen{c.Name, at.Field("containerPort"), p.Name}
				}
			}
			if p.HostPort > 0 {
				k := portKey{ip: p.HostIP, port: p.HostPort, protocol: proto}
				if first, dup := host[k]; dup {
					reportPortClash(pass, at.Field("hostPort"), first, c.Name, p.Name, "hostPort", k)
				} else {
					host[k] = portSeen{c.Name, at.Field("hostPort"), p.Name}
				}
			}
		}
	}
	return nil
}

func reportPortClash(pass *analyzer.Pass, at analyzer.Path, first portSeen, name, portName, field string, k portKey) {
	msg := fmt.Sprintf("container %q declares %s %d/%s again; ", name, field, k.port, k.protocol)
	severity := analyzer.Error
	switch {
	case field == "hostPort":
		msg += "the API server rejects a Pod that maps one host port twice"
		if first.container != name {
			msg += fmt.Sprintf(" (container %q already does)", first.container)
		}
	case first.container == name:
		// The API server only warns: one process, one listener, two entries.
		severity = analyzer.Warning
		msg += "it listens there once"
		if portName != "" && first.name != "" && portName != first.name {
			msg += fmt.Sprintf(", so the names %q and %q both reach the same listener", first.name, portName)
		}
	default:
		msg += fmt.Sprintf("container %q already does, and containers in a Pod share one network namespace, so the second cannot bind it", first.container)
	}
	pass.Report(analyzer.Diagnostic{Path: at, Message: msg, Severity: severity,
		Related: []analyzer.Related{{Path: first.path, Message: fmt.Sprintf("first declared by container %q", first.container)}}})
}

const duplicateContainerPortBad = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 8080
    - name: metrics
      image: example/metrics:1.2.0
      ports:
        - containerPort: 8080
`

const duplicateContainerPortGood = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 8080
    - name: metrics
      image: example/metrics:1.2.0
      ports:
        - containerPort: 9090
`
