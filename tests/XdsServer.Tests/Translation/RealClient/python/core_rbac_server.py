# Proxyless gRPC *server* on gRPC C-core (Debian's python3-grpcio 1.51) for CoreXdsServerTests: the C-core twin of
# rbac-server.js, same line protocol.
#
# Started with /usr/bin/python3, GRPC_XDS_BOOTSTRAP (holding server_listener_resource_name_template) and
# MESH_SERVER_ADDRESS (host:port to bind; a host name is resolved by C-core, which subscribes per resolved IP).
# It serves /mesh.conformance.Echo/Which and /Secret through grpc.server(xds=True) with xDS server credentials falling
# back to plaintext, then answers commands (one JSON object per line):
#   {"cmd":"probe"}  call both methods once over plaintext -> {"event":"probe","which":"OK"|code,"secret":...,"details":{..}}
#   {"cmd":"serving","timeoutMs":N} probe until Which stops being UNAVAILABLE (C-core serves only once the Listener is
#                    accepted) -> {"event":"serving","which":...}
#   {"cmd":"exit"}   close everything and exit 0
# The process exits by itself after MESH_CONFORMANCE_TIMEOUT_MS (default 90 s).
import json
import os
import sys
import threading
import time
from concurrent import futures

import grpc


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def exit_after(lifetime_ms):
    def die():
        emit({"event": "fatal", "error": f"server lifetime of {lifetime_ms} ms exceeded"})
        os._exit(3)

    timer = threading.Timer(lifetime_ms / 1000.0, die)
    timer.daemon = True
    timer.start()


def call(channel, name):
    method = channel.unary_unary(f"/mesh.conformance.Echo/{name}")
    try:
        method(b"", timeout=5)
        return "OK", ""
    except grpc.RpcError as err:
        return err.code().name, err.details() or ""


def main():
    exit_after(int(os.environ.get("MESH_CONFORMANCE_TIMEOUT_MS", "90000")))
    address = os.environ["MESH_SERVER_ADDRESS"]
    port = address.rsplit(":", 1)[1]
    host = address.rsplit(":", 1)[0]
    call_host = "127.0.0.1" if host in ("0.0.0.0", "[::]", "localhost") else host

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), xds=True)
    handler = grpc.method_handlers_generic_handler("mesh.conformance.Echo", {
        "Which": grpc.unary_unary_rpc_method_handler(lambda _req, _ctx: b"which"),
        "Secret": grpc.unary_unary_rpc_method_handler(lambda _req, _ctx: b"secret"),
    })
    server.add_generic_rpc_handlers((handler,))
    bound = server.add_secure_port(address, grpc.xds_server_credentials(grpc.insecure_server_credentials()))
    server.start()
    emit({"event": "started", "bound": bound})

    channel = grpc.insecure_channel(f"{call_host}:{port}")
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "probe":
            which, which_details = call(channel, "Which")
            secret, secret_details = call(channel, "Secret")
            emit({"event": "probe", "which": which, "secret": secret,
                  "details": {"which": which_details, "secret": secret_details}})
        elif command["cmd"] == "serving":
            until = time.monotonic() + command.get("timeoutMs", 30000) / 1000.0
            which, details = call(channel, "Which")
            while which == "UNAVAILABLE" and time.monotonic() < until:
                time.sleep(0.1)
                which, details = call(channel, "Which")
            emit({"event": "serving", "which": which, "details": details})
        elif command["cmd"] == "exit":
            channel.close()
            server.stop(None)
            os._exit(0)


main()
