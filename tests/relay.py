"""A TCP relay in front of the database, for showing what the site does when the database fails.

Its link to the database is in one of three states:

- forwarding: bytes flow both ways, as if the site talked to the database directly;
- black-holed: connections are still accepted and every socket stays open, but nothing gets through
  either way (a network that drops packets, a proxy that hangs): nothing is refused, nothing closed,
  the database simply never answers;
- cut: the listener and every connection are closed (the database went away and says so).

Only the standard library, so that ``scripts/smoke_production.py`` runs it from the production
environment too.
"""

import socket
import threading
from contextlib import suppress


class Relay:
    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = _free_port()
        self.forwarding = True
        self.sockets = set()
        self.lock = threading.Lock()
        self.listener = None

    def start(self):
        """Listen (again, after a cut) and forward."""
        self.forwarding = True
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def black_hole(self):
        """Keep every connection open and accept new ones, but let nothing through."""
        self.forwarding = False

    def forward(self):
        """Let bytes through again, on the connections that stayed open and on new ones."""
        self.forwarding = True

    def cut(self):
        """Close the listening socket and every open connection."""
        with self.lock:
            for sock in [self.listener, *self.sockets]:
                if sock is None:
                    continue
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with suppress(OSError):
                    sock.close()
            self.sockets.clear()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.cut()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self.lock:
                self.sockets.add(client)
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client):
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        with self.lock:
            self.sockets.add(upstream)
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        with suppress(OSError):
            while data := source.recv(65536):
                if self.forwarding:
                    sink.sendall(data)
                # Black-holed: what was sent is dropped, as a network that loses packets would.
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
