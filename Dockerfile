# The podlint image: the static release binaries (podlint, and podlint-ext
# beside it for charts, kustomizations and CRDs) on an empty base, run as a
# non-root user, with /work as the place to mount a repository:
#
#   goreleaser build --snapshot --clean --single-target   (or a release archive)
#   cp dist/podlint_linux_amd64_v1/podlint dist/podlint-ext_linux_amd64_v1/podlint-ext .
#   podman build -t podlint .
#   podman run --rm -v "$PWD:/work:ro" podlint lint .
#
# No base image is pulled: the binary is built with CGO_ENABLED=0 and needs
# nothing but the kernel.
FROM scratch
COPY podlint podlint-ext /usr/local/bin/
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/podlint"]
CMD ["lint", "."]
