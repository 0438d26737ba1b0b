"""The microshop load test: customers who register, browse, order and wait for confirmation.

Run it against a running system (``make run`` in another terminal)::

    make load                                   # 16 customers for 60 s on make run's ports
    make load LOAD_CUSTOMERS=32 LOAD_TIME=30s   # locust's -u and -t
    make load ARGS="--users-url http://127.0.0.1:9000 --orders-url ..."

Options of its own, besides Locust's (which does not list them in its --help):
``--users-url``, ``--orders-url``, ``--inventory-url``, ``--confirm-timeout`` (seconds,
default 10), ``--max-requests`` (default 50,000), ``--think-time`` (seconds, default 0).

Each customer registers and logs in once, then, until the run ends, browses the catalogue
and places one-unit orders, following each one to ``confirmed``. The time from POST to
``confirmed`` is reported as its own line, ``FLOW order confirmed``, beside the
endpoints. Before any order, a staff account (``STAFF_USERNAME`` / ``STAFF_PASSWORD``,
default admin / admin, as ``make run`` seeds it) adds products with enough stock for the
whole run, so stock never runs out and every order should be confirmed: any order that
is refused, rejected or not confirmed within ``--confirm-timeout`` seconds is a failure.

No customer places an order before every customer has logged in, so the costly password
hashing of sign-up stays out of the ordering phase; the line ``microshop-load: ordering``
marks its start for tools that measure that phase (``make bench``).
"""

import itertools
import os
import random
import sys
import time
import uuid

import gevent
import requests
from gevent.event import Event
from locust import HttpUser, events, task
from locust.exception import StopUser

from microshop_common.registry import ports

PRODUCTS_PER_RUN = 5
STOCK_PER_PRODUCT = 1_000_000
READY_MARKER = "microshop-load: ordering"
THROTTLED_HINT = (
    "the system refuses sign-ups with 429: its limits are for people, not for a load test. Start it with "
    "THROTTLE_LOGIN=100000/min THROTTLE_REGISTER=100000/min THROTTLE_ORDERS=100000/min make run"
)
# Following an order: the first look soon after the POST, then less and less often.
FIRST_POLL_SECONDS, POLL_GROWTH, LONGEST_POLL_SECONDS = 0.05, 1.5, 0.5


@events.init_command_line_parser.add_listener
def _options(parser):
    group = parser.add_argument_group("microshop")
    for service in ("users", "orders", "inventory"):
        group.add_argument(
            f"--{service}-url",
            default=os.environ.get(f"{service.upper()}_URL", f"http://127.0.0.1:{ports()[service]}"),
            help=f"base URL of {service} (default: %(default)s)",
        )
    group.add_argument(
        "--confirm-timeout", type=float, default=10.0, help="seconds an order may take to be confirmed (default: 10)"
    )
    group.add_argument(
        "--max-requests",
        type=int,
        default=50_000,
        help="stop the run after this many requests, whatever the time left (default: %(default)s)",
    )
    group.add_argument(
        "--think-time",
        type=float,
        default=0.0,
        help="seconds a customer pauses between two actions, at most (default: 0, as fast as answers come)",
    )


class Run:
    """What the customers of one run share: the products they buy, and when to start ordering."""

    product_ids: list[int] = []
    customers_ready = 0
    ordering = Event()
    serial = itertools.count()
    environment = None
    stopping = False
    tag = uuid.uuid4().hex[:8]


@events.test_start.add_listener
def _add_products(environment, **_kwargs):
    Run.environment = environment
    Run.ordering.clear()
    Run.customers_ready = 0
    try:
        Run.product_ids = _products_for_the_run(environment.parsed_options)
    except SetUpFailed as exc:
        print(f"microshop-load: {exc}", file=sys.stderr, flush=True)
        environment.process_exit_code = 2
        gevent.spawn(environment.runner.quit)


class SetUpFailed(Exception):
    pass


def _products_for_the_run(options) -> list[int]:
    session = requests.Session()
    try:
        login = session.post(
            f"{options.users_url}/api/auth/login/",
            json={
                "username": os.environ.get("STAFF_USERNAME", "admin"),
                "password": os.environ.get("STAFF_PASSWORD", "admin"),
            },
            timeout=30,
        )
    except requests.RequestException as exc:
        raise SetUpFailed(
            f"users does not answer at {options.users_url} ({exc.__class__.__name__}). "
            "Is microshop running? Start it with `make run`, or name its URLs with --users-url and friends."
        ) from None
    if login.status_code != 200:
        raise SetUpFailed(f"staff login failed ({login.status_code}); set STAFF_USERNAME and STAFF_PASSWORD")
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    product_ids = []
    for number in range(PRODUCTS_PER_RUN):
        created = session.post(
            f"{options.inventory_url}/api/products/",
            json={
                "sku": f"LOAD-{Run.tag}-{number}",
                "name": f"Load test product {number}",
                "price": "9.99",
                "stock_quantity": STOCK_PER_PRODUCT,
            },
            headers=headers,
            timeout=30,
        )
        if created.status_code != 201:
            raise SetUpFailed(f"could not add a product ({created.status_code}): {created.text[:200]}")
        product_ids.append(created.json()["id"])
    return product_ids


class Customer(HttpUser):
    # Every request names the full URL of its service (--users-url and friends); locust
    # wants a host all the same.
    host = "http://127.0.0.1"

    def wait_time(self) -> float:
        return random.uniform(0, self.environment.parsed_options.think_time)

    def on_start(self):
        options = self.environment.parsed_options
        self.urls = {name: getattr(options, f"{name}_url") for name in ("users", "orders", "inventory")}
        self._sign_up()
        Run.customers_ready += 1
        if Run.customers_ready >= self.environment.runner.target_user_count:
            print(READY_MARKER, flush=True)
            Run.ordering.set()
        Run.ordering.wait(timeout=120)

    def _sign_up(self):
        username = f"load-{Run.tag}-{next(Run.serial)}"
        password = uuid.uuid4().hex
        registered = self.client.post(
            f"{self.urls['users']}/api/users/",
            json={"username": username, "email": f"{username}@example.com", "password": password},
            name="POST /api/users/",
        )
        if registered.status_code == 429:
            print(f"microshop-load: {THROTTLED_HINT}", file=sys.stderr, flush=True)
        if registered.status_code != 201:
            raise StopUser()
        login = self.client.post(
            f"{self.urls['users']}/api/auth/login/",
            json={"username": username, "password": password},
            name="POST /api/auth/login/",
        )
        if login.status_code != 200:
            raise StopUser()
        self.client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"

    @task(1)
    def browse_products(self):
        self.client.get(f"{self.urls['inventory']}/api/products/", name="GET /api/products/")

    @task(4)
    def place_order_and_follow_it(self):
        body = {
            "items": [{"product_id": random.choice(Run.product_ids), "quantity": 1}],
            "shipping_address": {
                "street": "1 Load Street",
                "city": "Testville",
                "state": "TS",
                "zip_code": "12345",
                "country": "US",
            },
            "payment_method": "tok_visa",
        }
        posted_at = time.perf_counter()
        with self.client.post(
            f"{self.urls['orders']}/api/orders/", json=body, name="POST /api/orders/", catch_response=True
        ) as placed:
            if placed.status_code != 201:
                placed.failure(f"{placed.status_code}: {placed.text[:200]}")
                return
            order_id = placed.json()["id"]
        self._follow_to_confirmed(order_id, posted_at)

    def _follow_to_confirmed(self, order_id: int, posted_at: float):
        timeout = self.environment.parsed_options.confirm_timeout
        pause = FIRST_POLL_SECONDS
        status = "pending"
        while time.perf_counter() - posted_at < timeout:
            gevent.sleep(pause)
            pause = min(pause * POLL_GROWTH, LONGEST_POLL_SECONDS)
            response = self.client.get(f"{self.urls['orders']}/api/orders/{order_id}/", name="GET /api/orders/{id}/")
            status = response.json().get("status") if response.status_code == 200 else status
            if status != "pending":
                break
        elapsed_ms = (time.perf_counter() - posted_at) * 1000
        failure = None if status == "confirmed" else AssertionError(f"order {order_id} ended {status}")
        events.request.fire(
            request_type="FLOW",
            name="order confirmed",
            response_time=elapsed_ms,
            response_length=0,
            exception=failure,
            context={},
        )


@events.request.add_listener
def _stop_at_the_request_limit(**_kwargs):
    environment = Run.environment
    if environment is None or Run.stopping:
        return
    if environment.stats.total.num_requests >= environment.parsed_options.max_requests:
        Run.stopping = True
        print("microshop-load: --max-requests reached, stopping", flush=True)
        gevent.spawn(environment.runner.quit)


@events.quitting.add_listener
def _fail_on_any_error(environment, **_kwargs):
    stats = environment.stats.total
    if not environment.process_exit_code and (stats.num_failures or not stats.num_requests):
        environment.process_exit_code = 1
