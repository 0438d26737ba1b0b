"""A TCP proxy that a test can cut, stall and restore: the network between a service and what it uses.

The resilience journeys put one between the services and RabbitMQ, between a service and
its PostgreSQL database, and between orders and its neighbours. The machine's shared
servers are never stopped; only the path to them is broken, and only for the system under
test.

    with TcpProxy("127.0.0.1", 5672) as proxy:   # listens on proxy.port
        ...                                       # point the processes at it
        proxy.cut()                               # open connections drop; new ones are refused
        proxy.stall()                             # connections are taken and never answered
        proxy.restore()

Toxiproxy does this and more, but it is a Go server; this is the part the journeys need,
with nothing to install.
"""

import contextlib
import selectors
import socket
import threading
from enum import Enum
from urllib.parse import urlsplit, urlunsplit

BUFFER_SIZE = 65536


class Mode(Enum):
    OPEN = "open"
    CUT = "cut"
    STALLED = "stalled"


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, *, host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.listener = socket.create_server((host, 0))
        self.port: int = self.listener.getsockname()[1]
        # A socket closed in one thread does not wake another blocked in accept() on Linux.
        self.listener.settimeout(0.2)
        self.mode = Mode.OPEN
        self.connections = 0
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._acceptor = threading.Thread(target=self._accept, name=f"proxy:{self.port}", daemon=True)

    def __enter__(self) -> "TcpProxy":
        self._acceptor.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def url_for(self, url: str) -> str:
        """``url`` with its host and port replaced by this proxy's: ``amqp://guest:guest@127.0.0.1:<port>//``."""
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@127.0.0.1:{self.port}" if credentials else f"127.0.0.1:{self.port}"
        return urlunsplit(parts._replace(netloc=netloc))

    def cut(self) -> None:
        """Drop every open connection, and refuse new ones until ``restore``."""
        self._set(Mode.CUT)

    def stall(self) -> None:
        """Drop every open connection; take new ones and answer nothing, as a hung server does."""
        self._set(Mode.STALLED)

    def restore(self) -> None:
        self._set(Mode.OPEN)

    def close(self) -> None:
        self._stopping.set()
        self._set(Mode.CUT)
        if self._acceptor.is_alive():
            self._acceptor.join(timeout=5)
        self.listener.close()

    def _set(self, mode: Mode) -> None:
        with self._lock:
            self.mode = mode
            if mode is Mode.OPEN:
                return
            dropped, self._open = self._open, set()
        for sock in dropped:
            _close(sock)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            with self._lock:
                mode = self.mode
                if mode is not Mode.CUT:
                    self._open.add(client)
            if mode is Mode.CUT:
                _close(client)
            elif mode is Mode.OPEN:
                threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    def _pipe(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _close(client)
            return
        with self._lock:
            if client not in self._open:
                _close(upstream)
                return
            self._open.add(upstream)
            self.connections += 1
        peers = {client: upstream, upstream: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                sock.setblocking(True)
                selector.register(sock, selectors.EVENT_READ)
            while True:
                try:
                    ready = selector.select(timeout=0.5)
                    if not ready and any(sock.fileno() < 0 for sock in peers):
                        break
                    for key, _ in ready:
                        data = key.fileobj.recv(BUFFER_SIZE)
                        if not data:
                            raise ConnectionResetError
                        peers[key.fileobj].sendall(data)
                except (OSError, ValueError):
                    break
        for sock in peers:
            _close(sock)
        with self._lock:
            self._open.difference_update(peers)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
