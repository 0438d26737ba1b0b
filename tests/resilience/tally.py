"""Counting what a journey did to the orders it placed: accepted, confirmed, lost, duplicated."""

import re
import time
from collections import Counter

import pytest
import requests

from microshop_testing.shop import Customer, Shop

TALLIES = pytest.StashKey[list["Tally"]]()
ORDER_NUMBER = re.compile(r"#(\d+)\b")
# What a customer is told of a confirmed order, once each.
CONFIRMED_ORDER_NOTIFICATIONS = ("order_placed", "order_confirmed")


class Tally:
    """The orders a journey placed, and after ``settle``, what became of them.

    An order is lost if it never reaches a final status, or if a notification it calls for
    never comes. Anything done twice is a duplicate: a second notification of one kind for
    one order, a second charge at the payment provider.
    """

    def __init__(self, shop: Shop, *, journey: str):
        self.shop = shop
        self.journey = journey
        self.accepted: list[tuple[Customer, int]] = []
        self.refused = 0
        self.confirmed = 0
        self.lost = 0
        self.duplicated = 0
        self.settled = False

    def place(self, customer: Customer, items: list[dict], **options) -> requests.Response:
        response = self.shop.place_order(customer, items, **options)
        if response.status_code == 201:
            self.accepted.append((customer, response.json()["id"]))
        else:
            self.refused += 1
        return response

    def settle(self, *, timeout: float = 90.0) -> "Tally":
        """Wait until every accepted order is confirmed and its customer told, or ``timeout`` passes; count."""
        deadline = time.monotonic() + timeout
        for customer, order_id in self.accepted:
            try:
                status = self.shop.wait_for_order(customer, order_id, timeout=max(deadline - time.monotonic(), 1))[
                    "status"
                ]
            except pytest.fail.Exception:
                self.lost += 1
                continue
            self.confirmed += status == "confirmed"
        for customer, order_ids in self._by_customer():
            told = self._wait_for_notifications(customer, order_ids, deadline)
            for order_id in order_ids:
                kinds = told.get(order_id, Counter())
                self.lost += sum(1 for kind in CONFIRMED_ORDER_NOTIFICATIONS if kinds[kind] == 0)
                self.duplicated += sum(count - 1 for count in kinds.values() if count > 1)
        for _, order_id in self.accepted:
            self.duplicated += max(len(self.shop.charges_at_provider(order_id)) - 1, 0)
        self.settled = True
        return self

    def summary(self) -> str:
        return (
            f"{self.journey}: accepted {len(self.accepted)}, refused {self.refused}, confirmed {self.confirmed}, "
            f"lost {self.lost}, duplicated {self.duplicated}"
        )

    def _by_customer(self) -> list[tuple[Customer, list[int]]]:
        grouped: dict[int, tuple[Customer, list[int]]] = {}
        for customer, order_id in self.accepted:
            grouped.setdefault(customer.user_id, (customer, []))[1].append(order_id)
        return list(grouped.values())

    def _wait_for_notifications(self, customer: Customer, order_ids: list[int], deadline: float) -> dict[int, Counter]:
        while True:
            told = notifications_by_order(self.shop, customer)
            complete = all(
                told.get(order_id, Counter())[kind] for order_id in order_ids for kind in CONFIRMED_ORDER_NOTIFICATIONS
            )
            if complete or time.monotonic() > deadline:
                # Give a duplicate that is on its way a moment to show itself.
                time.sleep(1)
                return notifications_by_order(self.shop, customer)
            time.sleep(0.3)


def notifications_by_order(shop: Shop, customer: Customer) -> dict[int, Counter]:
    """``{order_id: Counter({"order_placed": 1, ...})}`` from the customer's notifications."""
    told: dict[int, Counter] = {}
    for notification in shop.notifications(customer):
        if match := ORDER_NUMBER.search(notification["message"]):
            told.setdefault(int(match.group(1)), Counter())[notification["type"]] += 1
    return told
