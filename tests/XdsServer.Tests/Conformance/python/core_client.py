# Proxyless gRPC client on gRPC C-core (Debian's python3-grpcio) for CoreClientConformanceTests: the second xDS client
# implementation beside grpc-js-xds (tests/XdsServer.Tests/Conformance/node/client.js), same line protocol.
#
# Started with /usr/bin/python3 and GRPC_XDS_BOOTSTRAP pointing at our ADS server. It starts two gRPC backends on
# 127.0.0.1:0 that answer with their own name, prints {"event":"backends","ports":{"a":..,"b":..}}, then answers
# commands (one JSON object per line):
#   {"cmd":"warmup","timeoutMs":N}                call until one call succeeds -> {"event":"warmup","ok":bool,...}
#   {"cmd":"calls","n":N,"headers":{k:v}}          N calls with that metadata   -> {"event":"calls","counts":{..},"errors":{..}}
#   {"cmd":"exit"}                                 close everything and exit 0
# Messages are raw bytes (no serializers), so no .proto file is needed. The process exits by itself after
# MESH_CONFORMANCE_TIMEOUT_MS (default 90 s).
import json
import os
import sys
import threading
import time
from concurrent import futures

import grpc

METHOD = "/mesh.conformance.Echo/Which"


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def exit_after(lifetime_ms):
    def die():
        emit({"event": "fatal", "error": f"client lifetime of {lifetime_ms} ms exceeded"})
        os._exit(3)

    timer = threading.Timer(lifetime_ms / 1000.0, die)
    timer.daemon = True
    timer.start()


def start_backend(name):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    reply = name.encode()
    handler = grpc.method_handlers_generic_handler(
        "mesh.conformance.Echo", {"Which": grpc.unary_unary_rpc_method_handler(lambda _req, _ctx: reply)})
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port


def call_once(which, deadline_s, metadata):
    try:
        return {"backend": which(b"", timeout=deadline_s, metadata=metadata).decode()}
    except grpc.RpcError as err:
        return {"error": f"{err.code().name}: {err.details()}"}


def calls(which, n, metadata):
    counts, errors = {}, {}
    pending = [which.future(b"", timeout=5, metadata=metadata) for _ in range(n)]
    for call in pending:
        try:
            backend = call.result().decode()
            counts[backend] = counts.get(backend, 0) + 1
        except grpc.RpcError as err:
            key = f"{err.code().name}: {err.details()}"
            errors[key] = errors.get(key, 0) + 1
    return {"counts": counts, "errors": errors}


def warmup(which, timeout_ms, metadata):
    until = time.monotonic() + timeout_ms / 1000.0
    last = None
    while time.monotonic() < until:
        result = call_once(which, max(0.1, min(2.0, until - time.monotonic())), metadata)
        if "backend" in result:
            return {"ok": True, "backend": result["backend"]}
        last = result["error"]
        time.sleep(0.05)
    return {"ok": False, "lastError": last}


def main():
    exit_after(int(os.environ.get("MESH_CONFORMANCE_TIMEOUT_MS", "90000")))
    backends = {name: start_backend(name) for name in ("a", "b")}
    emit({"event": "backends", "ports": {name: port for name, (_server, port) in backends.items()}})
    channel = grpc.insecure_channel(os.environ["MESH_CONFORMANCE_TARGET"])
    which = channel.unary_unary(METHOD)
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        metadata = tuple((k, v) for k, v in (command.get("headers") or {}).items())
        if command["cmd"] == "warmup":
            emit({"event": "warmup", **warmup(which, command.get("timeoutMs", 10000), metadata)})
        elif command["cmd"] == "calls":
            emit({"event": "calls", "n": command["n"], **calls(which, command["n"], metadata)})
        elif command["cmd"] == "exit":
            break
        else:
            emit({"event": "error", "error": f"unknown command {line}"})
    channel.close()
    for server, _port in backends.values():
        server.stop(None)
    os._exit(0)


if __name__ == "__main__":
    try:
        main()
    except Exception as err:  # noqa: BLE001 - reported to the test as a fatal event
        emit({"event": "fatal", "error": repr(err)})
        os._exit(2)
