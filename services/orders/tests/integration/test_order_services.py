"""The service functions against the real database, with fake users and inventory clients."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection

from microshop_common.events.models import OutboxEvent
from orders.domain import InvalidStatusTransition, OrderLine
from orders.errors import IdempotencyKeyReused, NeighbourUnavailable, OrderNotCancellable
from orders.models import Order
from orders.services import order_cancel, order_confirm, order_place, order_reject
from tests.factories import OrderFactory, ProductInfoFactory, ShippingAddressFactory, UserAccountFactory
from tests.fakes import FakeInventoryClient, FakeUsersClient


class Person:
    """``request.user`` as a customer's or staff member's token makes it."""

    def __init__(self, user_id: int, *, is_staff: bool = False):
        self.id = user_id
        self.is_staff = is_staff


@pytest.fixture
def customer():
    return UserAccountFactory()


@pytest.fixture
def users(customer):
    return FakeUsersClient(customer)


@pytest.fixture
def mug():
    return ProductInfoFactory(price=Decimal("12.50"), stock_quantity=10)


@pytest.fixture
def inventory(mug):
    return FakeInventoryClient(mug)


@pytest.mark.django_db
def test_a_placed_order_is_pending_with_inventory_s_names_and_prices(customer, users, inventory, mug):
    address = ShippingAddressFactory()

    order, created = order_place(
        user_id=customer.id,
        lines=[OrderLine(mug.product_id, 3)],
        shipping_address=address,
        payment_method="tok_chargeDeclined",
        users=users,
        inventory=inventory,
    )

    assert created is True
    order = Order.objects.get(pk=order.pk)
    assert (order.status, order.total, order.user_id) == ("pending", Decimal("37.50"), customer.id)
    assert order.payment_method == "tok_chargeDeclined"
    assert order.shipping_address["city"] == address.city
    assert list(order.items.values_list("product_id", "product_name", "sku", "quantity", "unit_price")) == [
        (mug.product_id, mug.name, mug.sku, 3, Decimal("12.50"))
    ]


@pytest.mark.django_db
def test_inventory_is_asked_once_for_all_products(customer, users, mug):
    tee, pen = ProductInfoFactory(), ProductInfoFactory()
    inventory = FakeInventoryClient(mug, tee, pen)

    order_place(
        user_id=customer.id,
        lines=[OrderLine(pen.product_id, 1), OrderLine(mug.product_id, 1), OrderLine(tee.product_id, 1)],
        shipping_address=ShippingAddressFactory(),
        payment_method="tok_visa",
        users=users,
        inventory=inventory,
    )

    assert inventory.requested == [sorted([mug.product_id, tee.product_id, pen.product_id])]


@pytest.mark.django_db
def test_a_repeated_idempotency_key_returns_the_first_order_without_asking_anyone(customer, users, inventory, mug):
    address = ShippingAddressFactory()

    def place():
        return order_place(
            user_id=customer.id,
            lines=[OrderLine(mug.product_id, 1)],
            shipping_address=address,
            payment_method="tok_visa",
            idempotency_key="checkout-1",
            users=users,
            inventory=inventory,
        )

    first, _ = place()
    again, created = place()

    assert (again.pk, created) == (first.pk, False)
    assert (len(users.requested), len(inventory.requested)) == (1, 1)


@pytest.mark.django_db
def test_a_repeated_idempotency_key_with_a_different_request_is_refused_without_asking_anyone(
    customer, users, inventory, mug, published_events
):
    address = ShippingAddressFactory()

    def place(quantity: int):
        return order_place(
            user_id=customer.id,
            lines=[OrderLine(mug.product_id, quantity)],
            shipping_address=address,
            payment_method="tok_visa",
            idempotency_key="checkout-2",
            users=users,
            inventory=inventory,
        )

    first, _ = place(1)
    with pytest.raises(IdempotencyKeyReused):
        place(2)

    assert list(Order.objects.values_list("pk", flat=True)) == [first.pk]
    assert len(published_events("order.placed")) == 1
    assert (len(users.requested), len(inventory.requested)) == (1, 1)


@pytest.mark.django_db
def test_an_order_placed_before_fingerprints_were_kept_is_returned_for_its_key(customer, users, inventory, mug):
    earlier = OrderFactory(user_id=customer.id, idempotency_key="checkout-3", request_fingerprint=None)

    again, created = order_place(
        user_id=customer.id,
        lines=[OrderLine(mug.product_id, 1)],
        shipping_address=ShippingAddressFactory(),
        payment_method="tok_visa",
        idempotency_key="checkout-3",
        users=users,
        inventory=inventory,
    )

    assert (again.pk, created) == (earlier.pk, False)


@pytest.mark.django_db
def test_nothing_is_saved_when_inventory_is_down(customer, users):
    inventory = FakeInventoryClient()
    inventory.goes_down()

    with pytest.raises(NeighbourUnavailable):
        order_place(
            user_id=customer.id,
            lines=[OrderLine(1, 1)],
            shipping_address=ShippingAddressFactory(),
            payment_method="tok_visa",
            users=users,
            inventory=inventory,
        )

    assert not Order.objects.exists()
    assert not OutboxEvent.objects.exists()


def race_to_place(customer, users, mug, *, quantities: tuple[int, int]) -> list:
    """Two requests with the same key, one per quantity, each past the look for an earlier
    order before either saves: what each returned or raised."""
    both_checked = threading.Barrier(2, timeout=10)
    address = ShippingAddressFactory()

    class InventoryMeetingTheOtherRequest(FakeInventoryClient):
        """Holds each request until both have looked for an earlier order with the key, and found none."""

        def get_products(self, product_ids):
            both_checked.wait()
            return super().get_products(product_ids)

    def place(quantity):
        try:
            return order_place(
                user_id=customer.id,
                lines=[OrderLine(mug.product_id, quantity)],
                shipping_address=address,
                payment_method="tok_visa",
                idempotency_key="double-click",
                users=users,
                inventory=InventoryMeetingTheOtherRequest(mug),
            )
        except IdempotencyKeyReused as refused:
            return refused
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(place, quantities))


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_with_the_same_idempotency_key_place_one_order(customer, users, mug):
    results = race_to_place(customer, users, mug, quantities=(1, 1))

    assert sorted(created for _, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    assert Order.objects.filter(user_id=customer.id).count() == 1
    assert OutboxEvent.objects.filter(event_type="order.placed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_of_two_different_requests_racing_with_the_same_idempotency_key_the_loser_is_refused(customer, users, mug):
    results = race_to_place(customer, users, mug, quantities=(1, 2))

    [refused] = [result for result in results if isinstance(result, IdempotencyKeyReused)]
    [(order, created)] = [result for result in results if result is not refused]
    assert created is True
    assert list(Order.objects.filter(user_id=customer.id).values_list("pk", flat=True)) == [order.pk]
    assert OutboxEvent.objects.filter(event_type="order.placed").count() == 1


@pytest.mark.django_db
def test_confirming_a_pending_order_publishes_order_confirmed(published_events):
    order = OrderFactory(total=Decimal("25.00"))

    confirmed = order_confirm(order_id=order.pk)

    assert confirmed.status == "confirmed"
    [event] = published_events("order.confirmed")
    assert event["data"] == {"order_id": order.pk, "user_id": order.user_id, "total": "25.00"}


@pytest.mark.django_db
def test_rejecting_a_pending_order_keeps_the_reason_and_publishes_it(published_events):
    order = OrderFactory()

    order_reject(order_id=order.pk, reason="insufficient inventory for product 1")

    order.refresh_from_db()
    assert (order.status, order.rejection_reason) == ("rejected", "insufficient inventory for product 1")
    [event] = published_events("order.rejected")
    assert event["data"] == {
        "order_id": order.pk,
        "user_id": order.user_id,
        "reason": "insufficient inventory for product 1",
    }


@pytest.mark.django_db
def test_confirming_twice_publishes_order_confirmed_once(published_events):
    order = OrderFactory()

    order_confirm(order_id=order.pk)
    order_confirm(order_id=order.pk)

    assert len(published_events("order.confirmed")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer",
    [order_confirm, lambda order_id: order_reject(order_id=order_id, reason="none left")],
    ids=["confirmed", "rejected"],
)
def test_an_answer_leaves_a_cancelled_order_cancelled(published_events, answer):
    order = OrderFactory(status="cancelled")

    answer(order_id=order.pk)

    assert Order.objects.get(pk=order.pk).status == "cancelled"
    assert published_events() == []


@pytest.mark.django_db
def test_confirming_a_rejected_order_is_refused():
    order = OrderFactory(status="rejected")

    with pytest.raises(InvalidStatusTransition):
        order_confirm(order_id=order.pk)

    assert Order.objects.get(pk=order.pk).status == "rejected"


@pytest.mark.django_db
def test_an_answer_for_an_order_that_does_not_exist_raises():
    with pytest.raises(Order.DoesNotExist):
        order_confirm(order_id=987654)


@pytest.mark.django_db
def test_cancelling_a_confirmed_order_publishes_order_cancelled(published_events):
    order = OrderFactory(status="confirmed")

    cancelled = order_cancel(order=order, by_user=Person(order.user_id))

    assert Order.objects.get(pk=order.pk).status == cancelled.status == "cancelled"
    assert [event["data"]["order_id"] for event in published_events("order.cancelled")] == [order.pk]


@pytest.mark.django_db
def test_cancelling_reads_the_status_from_the_database_not_from_a_stale_copy(published_events):
    order = OrderFactory()
    Order.objects.filter(pk=order.pk).update(status="rejected")  # an answer came in meanwhile

    with pytest.raises(OrderNotCancellable):
        order_cancel(order=order, by_user=Person(order.user_id))

    assert published_events("order.cancelled") == []
