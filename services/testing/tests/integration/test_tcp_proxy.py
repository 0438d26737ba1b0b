"""The proxy the resilience journeys cut: against a real echo server on this machine."""

import socket
import socketserver
import threading

import pytest

from microshop_testing.tcp_proxy import TcpProxy


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(1024):
            self.request.sendall(data)


@pytest.fixture
def echo_port():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy(echo_port):
    with TcpProxy("127.0.0.1", echo_port) as proxy:
        yield proxy


def connect(proxy: TcpProxy) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=2)


def echo(sock: socket.socket, data: bytes = b"ping") -> bytes:
    sock.sendall(data)
    return sock.recv(1024)


def test_an_open_proxy_passes_bytes_both_ways(proxy):
    with connect(proxy) as sock:
        assert echo(sock) == b"ping"
    assert proxy.connections == 1


def test_a_cut_drops_open_connections_and_refuses_new_ones_until_restored(proxy):
    with connect(proxy) as before:
        assert echo(before) == b"ping"
        proxy.cut()
        assert before.recv(1024) == b""

    with connect(proxy) as during:
        assert during.recv(1024) == b""

    proxy.restore()
    with connect(proxy) as after:
        assert echo(after, b"pong") == b"pong"


def test_a_cut_after_a_restore_still_drops_the_connections_made_before_it(proxy):
    with connect(proxy) as sock:
        assert echo(sock) == b"ping"
        proxy.restore()
        assert echo(sock) == b"ping"
        proxy.cut()
        assert sock.recv(1024) == b""


def test_a_stalled_proxy_takes_connections_and_answers_nothing(proxy):
    proxy.stall()
    with connect(proxy) as sock:
        sock.settimeout(0.5)
        sock.sendall(b"ping")
        with pytest.raises(TimeoutError):
            sock.recv(1024)

    proxy.restore()
    with connect(proxy) as sock:
        assert echo(sock) == b"ping"


def test_url_for_keeps_the_credentials_and_path_and_points_at_the_proxy(proxy):
    assert proxy.url_for("amqp://guest:guest@127.0.0.1:5672//") == f"amqp://guest:guest@127.0.0.1:{proxy.port}//"
    assert proxy.url_for("postgres://postgres@db:5432/shop") == f"postgres://postgres@127.0.0.1:{proxy.port}/shop"
    assert proxy.url_for("http://127.0.0.1:8003") == f"http://127.0.0.1:{proxy.port}"
