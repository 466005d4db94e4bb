package rules

import "github.com/podlint/podlint/analyzer"

// All returns podlint's Go rules with their default settings, in ID order.
// Rules that take options (the Kubernetes version, the image catalogue)
// appear here with their defaults; cmd builds them again from config.
func All() []*analyzer.Rule {
	return []*analyzer.Rule{
		BarePod,
		DeprecatedAPI,
		DuplicateContainerName,
		DuplicateContainerPort,
		DuplicateEnv,
		DuplicatePortName,
		ImageTag,
		InvalidImage,
		InvalidMetadata,
		MissingContainers,
		MissingImage,
		MultiContainerGrouping,
		NodePinned,
		OverlappingSelectors,
		SelectorMismatch,
		ServicePortMismatch,
		ServiceSelectsNothing,
		UndefinedVolume,
	}
}
