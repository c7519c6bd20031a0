# syntax=docker/dockerfile:1
# shipshape as a container image: a statically linked binary on an empty base, run as an unprivileged user.
#   docker build -t shipshape .
#   docker run --rm -v "$PWD:/src" shipshape .
# Bump the digest with a digest-pinning bot (e.g. Renovate); the tag says which release it is.
FROM debian:bookworm-slim@sha256:7b140f374b289a7c2befc338f42ebe6441b7ea838a042bbd5acbfca6ec875818 AS build

WORKDIR /src
# Dependencies first, so that source changes do not re-install them.
COPY scripts/bootstrap scripts/bootstrap
COPY third_party/grammars/package.json third_party/grammars/package-lock.json third_party/grammars/.npmrc \
     third_party/grammars/
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
    && scripts/bootstrap

COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSHIPSHAPE_TESTS=OFF \
    && cmake --build build -j"$(nproc)" --target shipshape \
    && strip build/shipshape \
    && build/shipshape --version

FROM scratch
COPY --from=build /src/build/shipshape /usr/local/bin/shipshape
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/shipshape"]
