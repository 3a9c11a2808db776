# Listens on each NAME:PORT given (0.0.0.0, in the network namespace it runs in) and answers every connection with
# one line, "NAME ORIGINAL_DESTINATION", then closes it. ORIGINAL_DESTINATION is what SO_ORIGINAL_DST reports (the
# address before an iptables REDIRECT), or "-" when the kernel has no NAT record. Prints "ready" once every port is
# bound; exits when its stdin closes.
import socket
import struct
import sys
import threading

SO_ORIGINAL_DST = 80


def original_destination(conn):
    try:
        raw = conn.getsockopt(socket.SOL_IP, SO_ORIGINAL_DST, 16)
    except OSError:
        return "-"
    port = struct.unpack_from("!H", raw, 2)[0]
    return f"{socket.inet_ntoa(raw[4:8])}:{port}"


def serve(name, server):
    while True:
        conn, _ = server.accept()
        with conn:
            conn.sendall(f"{name} {original_destination(conn)}\n".encode())


for spec in sys.argv[1:]:
    name, port = spec.split(":")
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", int(port)))
    server.listen(16)
    threading.Thread(target=serve, args=(name, server), daemon=True).start()

print("ready", flush=True)
sys.stdin.read()
