"""A customer's-eye view of microshop over HTTP, for the journeys."""

import uuid
from dataclasses import dataclass

import requests

from microshop_testing.polling import wait_until

ADDRESS = {"street": "1 Main St", "city": "Springfield", "state": "IL", "zip_code": "62701", "country": "US"}
FINAL_STATUSES = {"confirmed", "rejected", "cancelled"}


@dataclass
class Customer:
    user_id: int
    username: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Shop:
    def __init__(self, system):
        self.system = system
        self.http = requests.Session()

    def url(self, service: str, path: str) -> str:
        return f"{self.system.url(service)}{path}"

    # users
    def register(self, prefix: str = "customer", password: str = "testpass123") -> Customer:
        username = f"{prefix}-{uuid.uuid4().hex[:10]}"
        response = self.http.post(
            self.url("users", "/api/users/"),
            json={"username": username, "email": f"{username}@example.com", "password": password},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        logged_in = self.login(username, password)
        assert logged_in.status_code == 200, logged_in.text
        return Customer(response.json()["id"], username, logged_in.json()["access_token"])

    def login(self, username: str, password: str) -> requests.Response:
        return self.http.post(
            self.url("users", "/api/auth/login/"), json={"username": username, "password": password}, timeout=10
        )

    def staff(self) -> Customer:
        response = self.login("admin", "admin")
        assert response.status_code == 200, response.text
        return Customer(0, "admin", response.json()["access_token"])

    # inventory
    def product(self, product_id: int) -> dict:
        response = self.http.get(self.url("inventory", f"/api/products/{product_id}/"), timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def create_product(self, *, stock: int, price: str = "10.00") -> dict:
        sku = f"E2E-{uuid.uuid4().hex[:10]}"
        response = self.http.post(
            self.url("inventory", "/api/products/"),
            json={"sku": sku, "name": f"Product {sku}", "price": price, "stock_quantity": stock},
            headers=self.staff().headers,
            timeout=10,
        )
        assert response.status_code == 201, response.text
        return response.json()

    # orders
    def place_order(
        self,
        customer: Customer,
        items: list[dict],
        *,
        payment_method: str = "tok_visa",
        idempotency_key: str | None = None,
    ):
        headers = dict(customer.headers)
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return self.http.post(
            self.url("orders", "/api/orders/"),
            json={"items": items, "shipping_address": ADDRESS, "payment_method": payment_method},
            headers=headers,
            timeout=30,
        )

    def placed_order(self, customer: Customer, items: list[dict], **options) -> dict:
        """An order that must be accepted (``201``), as orders answered it; ``options`` as for ``place_order``."""
        response = self.place_order(customer, items, **options)
        assert response.status_code == 201, response.text
        return response.json()

    def order(self, customer: Customer, order_id: int) -> requests.Response:
        return self.http.get(self.url("orders", f"/api/orders/{order_id}/"), headers=customer.headers, timeout=10)

    def cancel(self, customer: Customer, order_id: int) -> requests.Response:
        return self.http.post(
            self.url("orders", f"/api/orders/{order_id}/cancel/"), headers=customer.headers, timeout=10
        )

    def wait_for_order(
        self, customer: Customer, order_id: int, statuses=FINAL_STATUSES, timeout: float = 30, interval: float = 0.2
    ) -> dict:
        def order_if_settled() -> dict | None:
            response = self.order(customer, order_id)
            assert response.status_code == 200, response.text
            return response.json() if response.json()["status"] in statuses else None

        return wait_until(
            order_if_settled,
            timeout=timeout,
            interval=interval,
            message=f"order {order_id} to become {' or '.join(sorted(statuses))}",
        )

    # notifications
    def notifications(self, customer: Customer) -> list[dict]:
        """Every notification of the customer, newest first, from all the pages."""
        found: list[dict] = []
        url: str | None = self.url("notifications", f"/api/users/{customer.user_id}/notifications/")
        while url:
            response = self.http.get(url, headers=customer.headers, timeout=10)
            assert response.status_code == 200, response.text
            found += response.json()["results"]
            url = response.json()["next"]
        return found

    # payments
    def payment_of(self, customer: Customer, order_id: int) -> dict:
        response = self.http.get(
            self.url("payments", "/api/payments/"), params={"order_id": order_id}, headers=customer.headers, timeout=10
        )
        assert response.status_code == 200, response.text
        [payment] = response.json()["results"]
        return payment

    # the fake payment provider: what it charged, and how fast it answers
    def charges_at_provider(self, order_id: int) -> list[dict]:
        response = self.http.get(
            f"{self.system.fake_url('payment_provider')}/v1/charges", params={"order_id": order_id}, timeout=10
        )
        assert response.status_code == 200, response.text
        return response.json()["data"]

    def slow_provider_down(self, *, seconds: float) -> None:
        response = self.http.post(
            f"{self.system.fake_url('payment_provider')}/_fake/delay", json={"seconds": seconds}, timeout=10
        )
        assert response.status_code == 200, response.text
