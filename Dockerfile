# syntax=docker/dockerfile:1
# mesh-operator image. Build from the repository root:  docker build -t mesh-operator .
# Stage 1 compiles on the .NET SDK, plus Node.js because the envoy API protos come from npm (@grpc/grpc-js-xds);
# stage 2 runs the published app on the ASP.NET runtime as a non-root user.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Restore from the project files alone, so that editing a .cs file does not invalidate the restore layers.
COPY nuget.config Directory.Build.props Directory.Packages.props ./
COPY src/Operator/Operator.csproj src/Operator/
COPY src/Operator.Entities/Operator.Entities.csproj src/Operator.Entities/
COPY src/LocalCluster/LocalCluster.csproj src/LocalCluster/
COPY src/XdsServer/XdsServer.csproj src/XdsServer/
COPY src/XdsServer.Protos/XdsServer.Protos.csproj src/XdsServer.Protos/Protos.props \
     src/XdsServer.Protos/package.json src/XdsServer.Protos/package-lock.json src/XdsServer.Protos/patch-validate.js \
     src/XdsServer.Protos/
# npm ci installs the protos from the lock file; its postinstall writes the patched validate.proto. The build's own
# InstallEnvoyProtos target then finds both and skips npm.
RUN cd src/XdsServer.Protos && npm ci --no-audit --no-fund
# ReadyToRun (precompiled) code: a restarted operator serves its first publish and its reconnecting fleet without
# waiting for the JIT (docs/benchmarks.md, cold start). The runtime identifier names the image's architecture.
ARG RUNTIME=linux-x64
RUN dotnet restore src/Operator/Operator.csproj --runtime $RUNTIME

COPY src/ src/
RUN dotnet publish src/Operator/Operator.csproj --configuration Release --no-restore --runtime $RUNTIME --self-contained false \
    -p:PublishReadyToRun=true --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# iptables: the injected capture init container (SidecarContract.CaptureContainerName) runs this same image as root
# with only NET_ADMIN and NET_RAW to install the pod's redirect rules; the operator itself runs as the non-root user.
RUN apt-get update \
 && apt-get install -y --no-install-recommends iptables \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# APP_UID (1654) is the non-root "app" user that the .NET images define; config/manager/manager.yaml runs as it too.
USER $APP_UID
# 8080 /metrics /healthz /readyz; 15010 plaintext xDS; 15012 mTLS xDS; 9443 admission webhook.
EXPOSE 8080 15010 15012 9443
# Cluster mode (no "local" argument): in-cluster config, leader election, xDS on. CMD holds the same arguments as the
# Deployment's args (config/manager/manager.yaml), so `docker run` and the cluster start the same thing; a test
# parses both with the operator's own command line parser.
ENTRYPOINT ["/app/mesh-operator"]
CMD ["--http-port=8080", "--xds-tls-port=15012", "--webhook-port=9443", "--leader-elect=true"]
