package rules

import (
	"os"
	"regexp"
	"testing"
)

// TestFallbackKubeVersion keeps the fallback in step with go.mod, for
// binaries built without module information.
func TestFallbackKubeVersion(t *testing.T) {
	data, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`k8s\.io/api v0\.(\d+)\.`).FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod does not require k8s.io/api")
	}
	want, _ := ParseKubeVersion("1." + string(m[1]))
	if fallbackKubeVersion != want {
		t.Errorf("fallbackKubeVersion = %s, go.mod has k8s.io/api for %s", fallbackKubeVersion, want)
	}
}

func TestParseKubeVersion(t *testing.T) {
	for in, want := range map[string]KubeVersion{"1.29": {1, 29}, "v1.30.2": {1, 30}} {
		got, err := ParseKubeVersion(in)
		if err != nil || got != want {
			t.Errorf("ParseKubeVersion(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "1", "latest", "x.y"} {
		if _, err := ParseKubeVersion(bad); err == nil {
			t.Errorf("ParseKubeVersion(%q) accepted", bad)
		}
	}
}
