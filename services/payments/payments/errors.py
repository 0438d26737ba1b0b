"""What payments refuses outside its pure rules (those are in :mod:`payments.domain`), in the domain's words."""

from microshop_common.events.consumer import EventTooEarly


class PaymentNotRecordedYet(EventTooEarly):
    """An event about an order whose ``order.placed`` payments has not handled yet.

    ``stock.reserved`` comes from inventory and ``order.placed`` from orders: nothing
    orders them across the two producers, so the later one is tried again until the
    payment exists.
    """

    def __init__(self, order_id: int):
        self.order_id = order_id
        super().__init__(f"no payment is recorded for order {order_id} yet")
