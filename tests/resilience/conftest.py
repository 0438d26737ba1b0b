"""The system under faults: every process started as ``make run`` starts it, with proxies in the paths a journey cuts.

One system for the whole layer. Its services reach RabbitMQ through one proxy, orders
reaches its database and its neighbours (users, inventory) through proxies of their own,
and notifications mails through a local SMTP server (``microshop_testing.smtp``) the
journeys can make refuse.
Every journey leaves the paths open again, even when it fails.
"""

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from backends import HOW_TO_START, missing_backends
from tally import TALLIES, Tally

from microshop_testing.live_system import LiveSystem
from microshop_testing.shop import Shop
from microshop_testing.smtp import SmtpServer
from microshop_testing.tcp_proxy import TcpProxy

REPO_DIR = Path(__file__).resolve().parents[2]
STARTED = pytest.StashKey[float]()
# Short enough that a journey through a slow neighbour or a refused mail takes seconds.
FAST_FAILURE = {"SERVICE_TIMEOUT": "1"}
# Mail refused is tried again every second or two, and not given up on while a journey lasts.
FAST_MAIL_RETRIES = {
    "NOTIFICATION_RETRY_AFTER": "1",
    "NOTIFICATION_SWEEP_INTERVAL": "0.5",
    "NOTIFICATION_MAX_ATTEMPTS": "100",
}


def pytest_configure(config):
    if reason := missing_backends():
        raise pytest.UsageError(f"{reason}\n\n{HOW_TO_START}")
    config.stash[STARTED] = time.monotonic()


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.resilience)


class Paths:
    """The proxies between the system and what it uses, by name."""

    def __init__(self, **proxies: TcpProxy):
        self.proxies = proxies

    def __getattr__(self, name: str) -> TcpProxy:
        try:
            return self.proxies[name]
        except KeyError:
            raise AttributeError(name) from None

    def restore_all(self) -> None:
        for proxy in self.proxies.values():
            proxy.restore()


@pytest.fixture(scope="session")
def mail_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="session")
def live_system(tmp_path_factory, mail_server):
    live = LiveSystem(tmp_path_factory.mktemp("microshop-resilience"), repo_dir=REPO_DIR, purpose="resilience")
    database, broker = live.system.database_url, live.system.broker_url
    orders_database = live.system.database_for(live.system.service("orders"))
    proxies = {
        "broker": TcpProxy(*_address(broker, default_port=5672)),
        "orders_database": TcpProxy(*_address(database, default_port=5432)),
        "users": TcpProxy("127.0.0.1", live.system.service("users").port),
        "inventory": TcpProxy("127.0.0.1", live.system.service("inventory").port),
    }
    for proxy in proxies.values():
        proxy.__enter__()
    paths = Paths(**proxies)
    for service in live.system.services:
        live.reroute(service.name, CELERY_BROKER_URL=paths.broker.url_for(broker))
    live.reroute(
        "orders",
        DATABASE_URL=paths.orders_database.url_for(orders_database),
        USERS_URL=paths.users.url_for(live.url("users")),
        INVENTORY_URL=paths.inventory.url_for(live.url("inventory")),
        **FAST_FAILURE,
    )
    live.reroute("notifications", EMAIL_URL=mail_server.email_url, **FAST_MAIL_RETRIES)
    live.paths = paths
    try:
        live.start()
        yield live
    finally:
        live.stop()
        for proxy in proxies.values():
            proxy.close()


@pytest.fixture
def paths(live_system) -> Paths:
    yield live_system.paths
    live_system.paths.restore_all()


@pytest.fixture
def mail(live_system, mail_server) -> SmtpServer:
    yield mail_server
    mail_server.accept()


@pytest.fixture
def shop(live_system) -> Shop:
    return Shop(live_system)


@pytest.fixture
def tally(request, shop) -> Tally:
    """What a journey accepted, confirmed, lost and duplicated; shown at the end of the layer."""
    tally = Tally(shop, journey=request.node.name)
    request.config.stash.setdefault(TALLIES, []).append(tally)
    return tally


def pytest_terminal_summary(terminalreporter, config):
    tallies = [tally for tally in config.stash.get(TALLIES, []) if tally.settled]
    if tallies:
        terminalreporter.write_sep("-", "what each journey accepted, confirmed, lost and duplicated")
        for tally in tallies:
            terminalreporter.write_line(tally.summary())
    if STARTED in config.stash:
        terminalreporter.write_line(f"resilience layer: {time.monotonic() - config.stash[STARTED]:.0f}s")


def _address(url: str, *, default_port: int) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or default_port
