package main

import (
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/analyzer/render"
	"github.com/podlint/podlint/lint"
)

// renderOptions are the flags that say how charts and kustomizations are
// rendered, as helm template names them.
type renderOptions struct {
	mode        string
	valueFiles  []string
	set         []string
	setString   []string
	releaseName string
}

func (o *renderOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.mode, "render", "auto", "auto: render Helm charts (a folder with Chart.yaml) and kustomizations in-process and lint\nwhat they produce; never: lint their files raw")
	f.StringArrayVar(&o.valueFiles, "values", nil, "values file for every chart rendered, as helm --values (repeatable)")
	f.StringArrayVar(&o.set, "set", nil, "a value for every chart rendered, as helm --set key=value (repeatable)")
	f.StringArrayVar(&o.setString, "set-string", nil, "a string value for every chart rendered, as helm --set-string (repeatable)")
	f.StringVar(&o.releaseName, "release-name", "release-name", "the release name charts are rendered with (.Release.Name)")
}

// rendering reports whether charts and kustomizations are rendered.
func (o *renderOptions) rendering(cfg *config.Config) bool {
	if o.mode == "auto" && cfg != nil && cfg.Render != "" {
		return cfg.Render == "auto"
	}
	return o.mode != "never"
}

// absPath is the absolute form of a path, as the configuration keys charts.
func absPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return abs
}

// options returns how lint renders, or nil with --render never.
func (o *renderOptions) options(kubeVersion, namespace string, cfg *config.Config) (*lint.RenderOptions, error) {
	mode := o.mode
	if cfg != nil && cfg.Render != "" && mode == "auto" {
		mode = cfg.Render
	}
	switch mode {
	case "never":
		return nil, nil
	case "auto", "":
	default:
		return nil, usageError("--render %q: want auto or never", o.mode)
	}
	ro := &lint.RenderOptions{Chart: render.ChartOptions{
		ReleaseName: o.releaseName, Namespace: namespace, KubeVersion: kubeVersion,
		ValueFiles: o.valueFiles, Set: o.set, SetString: o.setString,
	}}
	if cfg != nil && len(cfg.Charts) > 0 {
		ro.ChartSettings = func(dir string) (lint.ChartSettings, bool) {
			c, ok := cfg.Charts[absPath(dir)]
			if !ok {
				return lint.ChartSettings{}, false
			}
			s := lint.ChartSettings{ValueFiles: c.ValueFiles, ReleaseName: c.ReleaseName, Namespace: c.Namespace}
			if c.Values != nil {
				s.Values = []map[string]any{c.Values}
			}
			return s, true
		}
	}
	return ro, nil
}
