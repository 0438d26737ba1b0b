"""The fake payment provider against payments' pact with the provider: the fake that ``make run``,
the end-to-end tests and compose start answers as payments' client expects.

The fake runs as its own process, started with the command ``make run`` uses, on a free
port. The states of the charges are card tokens, and the fake decides by the token
alone; ``a charge exists`` is made through the fake's own ``POST /_fake/charges``.
"""

from pathlib import Path

import pytest
import requests

from microshop_common.processes import fake_command
from microshop_testing.pacts import verify_pact
from microshop_testing.processes import ProcessGroup, free_ports

SERVICE_DIR = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def fake_provider(tmp_path_factory):
    port = free_ports(1)[0]
    url = f"http://127.0.0.1:{port}"
    processes = ProcessGroup(tmp_path_factory.mktemp("fake-provider-logs"))
    processes.start("payment-provider", fake_command("payment_provider", port=port), env={"PATH": ""}, cwd=SERVICE_DIR)
    try:
        processes.wait_until(lambda: _answers(url), timeout=30, what="the fake payment provider to answer")
        yield url
    finally:
        processes.stop_all()


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/v1/charges", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_the_fake_payment_provider_honours_payments_pact(fake_provider):
    def provider_state(state: str, action: str, parameters: dict | None) -> None:
        if state == "a charge exists" and action == "setup":
            requests.post(f"{fake_provider}/_fake/charges", json=parameters, timeout=5).raise_for_status()

    verify_pact(consumer="payments", provider="payment_provider", service_url=fake_provider, states=provider_state)
