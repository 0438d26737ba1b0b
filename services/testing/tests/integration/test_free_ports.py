"""free_ports: ports of 127.0.0.1 that nobody listens on, for the processes a test starts."""

import socket

from microshop_testing.processes import free_ports


def test_free_ports_are_distinct_and_can_be_listened_on():
    ports = free_ports(3)

    assert len(set(ports)) == 3
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
