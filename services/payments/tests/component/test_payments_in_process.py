"""The payments service as a black box, in this process: its API through DRF's test client.

It calls no other service and consumes no event, so nothing is stubbed: the test plays
staff, who add items, and anyone, who reads them.
"""

import pytest

pytestmark = pytest.mark.django_db


def test_staff_add_an_item_that_anyone_then_finds_in_the_list_and_by_its_id(client_for, api_client):
    created = client_for(user_id=1, is_staff=True).post("/api/items/", {"name": "Blue mug"})

    listed = api_client.get("/api/items/").json()["results"]
    read = api_client.get(f"/api/items/{created.json()['id']}/")

    assert created.status_code == 201
    assert [item["name"] for item in listed] == ["Blue mug"]
    assert read.json() == created.json()


def test_a_second_item_with_the_same_name_is_refused_and_the_first_is_kept(client_for, api_client):
    staff = client_for(user_id=1, is_staff=True)
    first = staff.post("/api/items/", {"name": "Blue mug"}).json()

    refused = staff.post("/api/items/", {"name": " Blue  mug"})

    assert refused.status_code == 409
    assert refused.json()["code"] == "ITEM_EXISTS"
    assert api_client.get("/api/items/").json()["results"] == [first]
