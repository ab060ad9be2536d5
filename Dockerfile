# ndrdiag: one image with the three binaries (ndrdiag-frontend,
# ndrdiag-worker, ndrdiag), as the Helm chart (helm/ndrdiag) runs them.
#
#   docker build -t ndrdiag/ndrdiag:0.1.0 .
#
# The runtime stage installs only the shared libraries the binaries link;
# helm/ci/check-image-libs.sh (run by the chart check) fails when `ldd` of
# the built binaries names a library whose Debian package is missing from
# the runtime list below.

# --- build -------------------------------------------------------------------
FROM debian:12 AS build
# The build packages of ndrdiag.sh (PACKAGES), less the test lab's tools.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config ca-certificates \
      libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
      libabsl-dev libc-ares-dev libhiredis-dev libidn2-dev libgmime-3.0-dev \
      libre2-dev libssl-dev libgtest-dev libgmock-dev prometheus-cpp-dev \
      libjemalloc-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
 && cmake --build /build --target ndrdiag-frontend ndrdiag-worker ndrdiag \
 && mkdir -p /out \
 && for b in ndrdiag-frontend ndrdiag-worker ndrdiag; do \
      strip --strip-debug -o "/out/$b" "/build/bin/$b"; \
    done

# --- runtime -----------------------------------------------------------------
FROM debian:12-slim
# RUNTIME PACKAGES: every package providing a library the binaries link
# (checked by helm/ci/check-image-libs.sh; keep one package per line).
# ca-certificates: the trust store the SMTP probe verifies STARTTLS against.
# libprometheus-cpp-*, libcivetweb1: the /metrics endpoint (prometheus-cpp-dev at build).
# libjemalloc2: the allocator the servers link (docs/performance.md).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates \
      libabsl20220623 \
      libassuan0 \
      libblkid1 \
      libc-ares2 \
      libc6 \
      libcivetweb1 \
      libffi8 \
      libgcc-s1 \
      libglib2.0-0 \
      libgmime-3.0-0 \
      libgpg-error0 \
      libgpgme11 \
      libgrpc++1.51 \
      libgrpc29 \
      libhiredis0.14 \
      libidn2-0 \
      libjemalloc2 \
      libmount1 \
      libpcre2-8-0 \
      libprometheus-cpp-core1.0 \
      libprometheus-cpp-pull1.0 \
      libprotobuf32 \
      libre2-9 \
      libselinux1 \
      libssl3 \
      libstdc++6 \
      libunistring2 \
      zlib1g \
 && rm -rf /var/lib/apt/lists/*
# A fixed, unprivileged user (the chart's runAsUser).
RUN groupadd --system --gid 10001 ndrdiag \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent \
      --no-create-home --shell /usr/sbin/nologin ndrdiag
COPY --from=build /out/ /usr/local/bin/
# Data files the binaries may be pointed at (--eop-ranges). The message
# catalogue is compiled into the worker (workers/i18n/i18n.cmake).
COPY config/ /usr/share/ndrdiag/config/
USER 10001:10001
# gRPC API (frontend), gRPC health (worker), Prometheus metrics (both).
EXPOSE 50051 50052 9090
ENTRYPOINT ["/usr/local/bin/ndrdiag"]
CMD ["help"]
