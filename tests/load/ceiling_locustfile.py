"""Callers of the bare endpoint in ``ceiling.py``: the load ``make bench`` measures the ceiling with.

``CEILING_TOKEN`` is a customer's access token, signed with the key the endpoint trusts.
"""

import os

from locust import HttpUser, constant, task


class Caller(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {os.environ['CEILING_TOKEN']}"

    @task
    def hit(self):
        self.client.post("/hit/", json={}, name="POST /hit/")
