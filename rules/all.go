package rules

import "github.com/podlint/podlint/analyzer"

// All returns podlint's Go rules with their default settings, in ID order.
// Rules that take options (the Kubernetes version, the image catalogue)
// appear here with their defaults; cmd builds them again from config.
func All() []*analyzer.Rule {
	return []*analyzer.Rule{
		BarePod,
		DanglingHPA,
		DanglingIngress,
		DanglingNetworkPolicy,
		DanglingNetworkPolicyPeer,
		DanglingPDB,
		DanglingServiceMonitor,
		DefaultServiceAccount,
		DeprecatedAPI,
		DuplicateContainerName,
		DuplicateContainerPort,
		DuplicateEnv,
		DuplicatePortName,
		HPAReplicasConflict,
		ImageTag,
		InvalidCRD,
		InvalidCustomResource,
		InvalidImage,
		InvalidMetadata,
		InvalidValue,
		MissingConfigReference,
		MissingContainers,
		MissingHeadlessService,
		MissingImage,
		MissingNetworkPolicy,
		MissingPDB,
		MissingServiceAccount,
		MultiContainerGrouping,
		NoAntiAffinity,
		NodePinned,
		OverlappingSelectors,
		PodSecurity,
		PDBBlocksEviction,
		RecreateStrategy,
		SelectorMismatch,
		ServicePortMismatch,
		ServiceSelectsNothing,
		SingleReplica,
		UndefinedVolume,
	}
}
