"""Inventory as a black box, in this process: its API through DRF's test client, the
events it consumes fed through its real handlers, the events it publishes read from
its outbox.

Nothing else of the system runs: the test plays the customer, staff, and orders (which
publishes ``order.placed`` and ``order.cancelled`` and reads ``stock.*``).
"""

import pytest

from inventory.bootstrap import event_handlers
from microshop_common.events.consumer import consume_event
from tests.events import order_cancelled, order_placed, payment_failed
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def stock_of(api_client, product) -> int:
    return api_client.get(f"/api/products/{product.pk}/").json()["stock_quantity"]


def test_staff_add_a_product_that_anyone_then_finds_in_the_catalogue(client_for, api_client):
    staff = client_for(user_id=1, is_staff=True)

    created = staff.post("/api/products/", {"sku": "COMP-MUG", "name": "Mug", "price": "4.50", "stock_quantity": 6})
    catalogue = api_client.get("/api/products/")

    assert created.status_code == 201
    assert catalogue.status_code == 200
    [listed] = [product for product in catalogue.json()["results"] if product["sku"] == "COMP-MUG"]
    assert (listed["id"], listed["price"], listed["stock_quantity"]) == (created.json()["id"], "4.50", 6)


def test_an_order_placed_reserves_every_line_and_announces_stock_reserved(api_client, published_events):
    mug, plate = ProductFactory(stock_quantity=5), ProductFactory(stock_quantity=3)

    consume_event(order_placed(7101, (mug.pk, 2), (plate.pk, 3)), event_handlers())

    [reserved] = published_events("stock.reserved")
    assert reserved["producer"] == "inventory"
    assert reserved["data"]["order_id"] == 7101
    assert isinstance(reserved["data"]["reservation_id"], int)
    assert reserved["data"]["items"] == [{"product_id": mug.pk, "quantity": 2}, {"product_id": plate.pk, "quantity": 3}]
    assert (stock_of(api_client, mug), stock_of(api_client, plate)) == (3, 0)
    assert published_events("stock.rejected") == []


def test_an_order_that_does_not_fit_takes_nothing_and_announces_stock_rejected(api_client, published_events):
    mug, plate = ProductFactory(stock_quantity=5), ProductFactory(stock_quantity=1)

    consume_event(order_placed(7102, (mug.pk, 2), (plate.pk, 2)), event_handlers())

    [rejected] = published_events("stock.rejected")
    assert rejected["data"]["order_id"] == 7102
    assert rejected["data"]["reason"] == f"insufficient inventory for product {plate.pk}: requested 2, available 1"
    assert rejected["data"]["items"] == [{"product_id": mug.pk, "quantity": 2}, {"product_id": plate.pk, "quantity": 2}]
    assert (stock_of(api_client, mug), stock_of(api_client, plate)) == (5, 1)
    assert published_events("stock.reserved") == []


def test_a_cancelled_order_gives_its_stock_back_and_announces_nothing_more(api_client, published_events):
    mug = ProductFactory(stock_quantity=4)
    consume_event(order_placed(7103, (mug.pk, 4)), event_handlers())

    consume_event(order_cancelled(7103), event_handlers())

    assert stock_of(api_client, mug) == 4
    assert [event["event_type"] for event in published_events()] == ["stock.reserved"]


def test_a_failed_payment_gives_the_order_s_stock_back_and_announces_nothing_more(api_client, published_events):
    mug = ProductFactory(stock_quantity=4)
    consume_event(order_placed(7106, (mug.pk, 3)), event_handlers())

    consume_event(payment_failed(7106), event_handlers())

    assert stock_of(api_client, mug) == 4
    assert [event["event_type"] for event in published_events()] == ["stock.reserved"]


def test_a_failed_payment_delivered_twice_gives_the_stock_back_once(api_client):
    mug = ProductFactory(stock_quantity=4)
    consume_event(order_placed(7107, (mug.pk, 3)), event_handlers())
    failed = payment_failed(7107)
    consume_event(failed, event_handlers())

    handled_again = consume_event(failed, event_handlers())

    assert handled_again is False
    assert stock_of(api_client, mug) == 4


def test_a_second_failed_payment_for_the_same_order_gives_nothing_more_back(api_client):
    mug = ProductFactory(stock_quantity=4)
    consume_event(order_placed(7108, (mug.pk, 3)), event_handlers())
    consume_event(payment_failed(7108), event_handlers())
    consume_event(order_placed(7109, (mug.pk, 3)), event_handlers())

    consume_event(payment_failed(7108), event_handlers())

    assert stock_of(api_client, mug) == 1


def test_a_redelivered_order_placed_reserves_once_and_announces_once(api_client, published_events):
    mug = ProductFactory(stock_quantity=5)
    envelope = order_placed(7104, (mug.pk, 2))
    consume_event(envelope, event_handlers())

    handled_again = consume_event(envelope, event_handlers())

    assert handled_again is False
    assert stock_of(api_client, mug) == 3
    assert len(published_events("stock.reserved")) == 1


def test_an_order_placed_arriving_after_its_cancellation_takes_no_stock(api_client, published_events):
    mug = ProductFactory(stock_quantity=5)
    consume_event(order_cancelled(7105), event_handlers())

    consume_event(order_placed(7105, (mug.pk, 2)), event_handlers())

    assert stock_of(api_client, mug) == 5
    assert published_events() == []


def test_orders_reads_the_stock_left_after_a_reservation_from_the_batch_endpoint(client_for):
    mug = ProductFactory(stock_quantity=5)
    consume_event(order_placed(7106, (mug.pk, 2)), event_handlers())

    response = client_for(service="orders").get("/api/internal/products/", {"ids": f"{mug.pk},999999"})

    assert response.status_code == 200
    assert [(product["id"], product["stock_quantity"]) for product in response.json()] == [(mug.pk, 3)]
