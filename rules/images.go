package rules

import (
	"strings"

	"github.com/distribution/reference"

	"github.com/podlint/podlint/analyzer"
)

// MissingImage reports a container without an image.
var MissingImage = &analyzer.Rule{
	ID:       "missing-image",
	Severity: analyzer.Error,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "container has no image",
		Why:   "Every container, including init and ephemeral ones, needs an image; the API server rejects a Pod spec with a container that has none.",
		Bad:   "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n",
		Good:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n",
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkMissingImage,
}

func checkMissingImage(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok || pass.Object.IsPatch() {
		return nil
	}
	for c := range spec.Containers() {
		if c.Image == "" {
			pass.Reportf(c.Path.Field("image"), "%s %q has no image", c.Kind, c.Name)
		}
	}
	return nil
}

// InvalidImage reports an image that is not a valid image reference.
var InvalidImage = &analyzer.Rule{
	ID:       "invalid-image",
	Severity: analyzer.Error,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "image is not a valid image reference",
		Why: "An image must be [registry/]repository[:tag][@digest] with a lowercase repository. A malformed " +
			"reference is accepted by the API server but fails on every node with InvalidImageName, so the Pod never starts.",
		Bad:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: Nginx:1.27\n",
		Good: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n",
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkInvalidImage,
}

func checkInvalidImage(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok {
		return nil
	}
	for c := range spec.Containers() {
		if c.Image == "" {
			continue
		}
		_, err := reference.ParseNormalizedNamed(c.Image)
		if err == nil {
			continue
		}
		if desc, ok := analyzer.Placeholder(c.Image); ok {
			// The reference library's reason ("must be lowercase") is not
			// what is wrong: the text is a blank left to fill in.
			pass.Reportf(c.Path.Field("image"), "image %q of %s %q is not a valid image reference: %s; fill it in, or lint the rendered manifest",
				c.Image, c.Kind, c.Name, desc)
			continue
		}
		pass.Reportf(c.Path.Field("image"), "image %q of %s %q is not a valid image reference: %v", c.Image, c.Kind, c.Name, err)
	}
	return nil
}

// ImageTag reports an image without a tag, or with latest, and no digest.
var ImageTag = &analyzer.Rule{
	ID:       "image-tag",
	Severity: analyzer.Warning,
	Family:   "reliability",
	Doc: analyzer.Doc{
		Title: "image has no tag, or the latest tag, and no digest",
		Why: "Without a pinned tag or digest, each node pulls whatever latest means when the Pod lands there: " +
			"replicas run different code, a rollback restores nothing, and imagePullPolicy defaults to Always.",
		Bad:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n",
		Good: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27.3\n",
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkImageTag,
}

func checkImageTag(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok {
		return nil
	}
	for c := range spec.Containers() {
		named, err := reference.ParseNormalizedNamed(c.Image)
		if err != nil {
			continue // missing-image and invalid-image say why
		}
		if _, ok := named.(reference.Digested); ok {
			continue
		}
		at := c.Path.Field("image")
		if t, ok := named.(reference.Tagged); ok {
			if t.Tag() == "latest" {
				pass.Reportf(at, "image %q of %s %q uses the latest tag; pin a version or a digest so every replica runs the same code", c.Image, c.Kind, c.Name)
			}
			continue
		}
		pass.Reportf(at, "image %q of %s %q has no tag, so it means latest; pin a version or a digest so every replica runs the same code", c.Image, c.Kind, c.Name)
	}
	return nil
}

// imageName returns the last path element of an image's repository, the
// name that says what the image is (postgres, envoy, ...): the text between
// the last '/' and the tag or digest, lowercased. It reads the text alone,
// as roles do not need a valid reference.
func imageName(image string) string {
	name, _, _ := strings.Cut(image, "@")
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name, _, _ = strings.Cut(name, ":")
	return strings.ToLower(name)
}
