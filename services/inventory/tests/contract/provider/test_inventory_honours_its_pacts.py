"""Inventory against every pact that names it: its API running as real processes, and the
``stock.*`` events as ``stock_reserve`` writes them to the outbox.

Orders reads ``stock.rejected``; payments reads ``stock.reserved``, and charges the order then.

Run the consumers' tests first to verify the pacts they write; alone, this verifies the
pacts committed in services/contracts/pacts/.
"""

import itertools

import pytest

from inventory.domain import StockLine
from inventory.models import Product
from inventory.services import stock_reserve
from microshop_testing.openapi import check_response
from microshop_testing.pacts import (
    consumers_of,
    http_interactions_with,
    outbox_message,
    provider_states,
    replay,
    verify_pact,
)
from microshop_testing.tokens import service_authorization
from tests.factories import ProductFactory

CONSUMERS = ["orders", "payments"]

# The service's processes, and the threads pact-python calls the states and messages from,
# see only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

# Each reservation is for an order of its own.
order_ids = itertools.count(9001)


def products_exist(*, ids: list[int]) -> None:
    for product_id in ids:
        ProductFactory(id=product_id)


STATES = {"products exist": products_exist}

# After an interaction, no product left for the next one.
provider_state = provider_states(STATES, teardown=lambda: Product.objects.all().delete())


def stock_is_reserved():
    product = ProductFactory(stock_quantity=10)
    stock_reserve(order_id=next(order_ids), lines=[StockLine(product_id=product.pk, quantity=2)])
    return outbox_message("stock.reserved")


def stock_runs_out():
    product = ProductFactory(stock_quantity=1)
    stock_reserve(order_id=next(order_ids), lines=[StockLine(product_id=product.pk, quantity=2)])
    return outbox_message("stock.rejected")


MESSAGES = {"stock.reserved": stock_is_reserved, "stock.rejected": stock_runs_out}


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_inventory_honours_its_pact_with(consumer, live_provider):
    verify_pact(
        consumer=consumer,
        provider="inventory",
        service_url=live_provider.url,
        states=provider_state,
        messages=MESSAGES,
        headers=service_authorization(consumer),
    )


def test_every_pact_naming_inventory_is_verified_here():
    assert consumers_of("inventory") == CONSUMERS


@pytest.mark.parametrize(("consumer", "interaction"), http_interactions_with("inventory"))
def test_every_answer_a_consumer_expects_is_described_by_the_openapi_document(consumer, interaction, live_provider):
    response = replay(
        interaction, base_url=live_provider.url, headers=service_authorization(consumer), states=provider_state
    )

    assert response.status_code == interaction["response"]["status"]
    check_response(response)
