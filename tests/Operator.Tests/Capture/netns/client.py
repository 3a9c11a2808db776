# Connects to HOST PORT and prints the one line the listener answers ("error ..." when the connection fails).
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
try:
    with socket.create_connection((host, port), timeout=5) as conn:
        data = b""
        while not data.endswith(b"\n"):
            chunk = conn.recv(256)
            if not chunk:
                break
            data += chunk
    print(data.decode().strip() or "closed without an answer")
except OSError as e:
    print(f"error {e}")
    sys.exit(1)
