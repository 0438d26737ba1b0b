from datetime import date

import pytest

from tests.factories import UserFactory
from users.models import Profile, User

pytestmark = pytest.mark.django_db

DETAIL_FIELDS = {
    "id",
    "username",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "created_at",
    "bio",
    "phone_number",
    "birth_date",
}


def test_a_customer_reads_their_own_account_and_profile_at_me(client_of):
    ada = UserFactory(username="ada", profile__bio="Writes programs", profile__phone_number="+442083661177")

    response = client_of(ada).get("/api/users/me/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == DETAIL_FIELDS
    assert (body["id"], body["username"], body["bio"], body["phone_number"]) == (
        ada.pk,
        "ada",
        "Writes programs",
        "+442083661177",
    )


def test_me_without_a_token_is_401(api_client):
    response = api_client.get("/api/users/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_a_service_has_no_me(client_for):
    response = client_for(service="orders").get("/api/users/me/")

    assert response.status_code == 403


def test_an_owner_reads_their_account_by_id(client_of):
    ada = UserFactory()

    response = client_of(ada).get(f"/api/users/{ada.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == ada.pk


def test_staff_read_any_account(client_of):
    ada, admin = UserFactory(), UserFactory(is_staff=True)

    response = client_of(admin).get(f"/api/users/{ada.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == ada.pk


def test_a_customer_cannot_read_another_account(client_of):
    ada, bob = UserFactory(), UserFactory()

    response = client_of(bob).get(f"/api/users/{ada.pk}/")

    assert response.status_code == 403
    assert response.json() == {
        "error": "Permission denied",
        "code": "PERMISSION_DENIED",
        "detail": "You may only see and change your own data",
    }


def test_reading_an_account_without_a_token_is_401(api_client):
    ada = UserFactory()

    response = api_client.get(f"/api/users/{ada.pk}/")

    assert response.status_code == 401


def test_an_unknown_account_is_404_in_the_error_shape(client_of):
    admin = UserFactory(is_staff=True)

    response = client_of(admin).get("/api/users/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "error": "User not found",
        "code": "USER_NOT_FOUND",
        "detail": "User with ID 999999 does not exist",
    }


def test_a_customer_cannot_learn_which_other_ids_exist(client_of):
    bob = UserFactory()

    response = client_of(bob).get("/api/users/999999/")

    assert response.status_code == 403


def test_a_token_claiming_staff_gives_nothing_to_a_customer_account(client_for):
    ada, bob = UserFactory(), UserFactory()

    # Users trusts its database, not the claims: bob is no staff whatever his token says.
    response = client_for(user_id=bob.pk, is_staff=True).get(f"/api/users/{ada.pk}/")

    assert response.status_code == 403


def test_a_token_for_an_account_that_no_longer_exists_is_401(client_of):
    ada = UserFactory()
    client = client_of(ada)
    ada.delete()

    response = client.get("/api/users/me/")

    assert response.status_code == 401


def test_an_owner_changes_their_names_and_profile(client_of):
    ada = UserFactory()

    response = client_of(ada).patch(
        f"/api/users/{ada.pk}/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "bio": "Wrote the first program",
            "phone_number": "+44 20 8366 1177",
            "birth_date": "1815-12-10",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["first_name"], body["last_name"], body["bio"]) == ("Ada", "Lovelace", "Wrote the first program")
    assert (body["phone_number"], body["birth_date"]) == ("+442083661177", "1815-12-10")
    ada.refresh_from_db()
    assert (ada.first_name, ada.profile.phone_number, ada.profile.birth_date) == (
        "Ada",
        "+442083661177",
        date(1815, 12, 10),
    )


def test_a_patch_changes_only_the_fields_it_sends(client_of):
    ada = UserFactory(first_name="Ada", profile__bio="Mathematician")

    client_of(ada).patch(f"/api/users/{ada.pk}/", {"last_name": "Byron"})

    ada.refresh_from_db()
    assert (ada.first_name, ada.last_name, ada.profile.bio) == ("Ada", "Byron", "Mathematician")


def test_username_email_staff_status_and_password_cannot_be_patched(client_of):
    ada = UserFactory(username="ada", email="ada@example.com")

    response = client_of(ada).patch(
        f"/api/users/{ada.pk}/",
        {"username": "root", "email": "root@example.com", "is_staff": True, "password": "newpass123", "bio": "Hi"},
    )

    assert response.status_code == 200
    ada.refresh_from_db()
    assert (ada.username, ada.email, ada.is_staff, ada.profile.bio) == ("ada", "ada@example.com", False, "Hi")
    assert ada.check_password("testpass123")


def test_an_invalid_phone_number_is_a_field_error_and_changes_nothing(client_of):
    ada = UserFactory(first_name="Ada")

    response = client_of(ada).patch(f"/api/users/{ada.pk}/", {"first_name": "Augusta", "phone_number": "12345"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"phone_number"}
    ada.refresh_from_db()
    assert ada.first_name == "Ada"


def test_a_customer_cannot_change_another_account(client_of):
    ada, bob = UserFactory(first_name="Ada"), UserFactory()

    response = client_of(bob).patch(f"/api/users/{ada.pk}/", {"first_name": "Mallory"})

    assert response.status_code == 403
    ada.refresh_from_db()
    assert ada.first_name == "Ada"


def test_staff_change_any_account(client_of):
    ada, admin = UserFactory(), UserFactory(is_staff=True)

    response = client_of(admin).patch(f"/api/users/{ada.pk}/", {"bio": "Checked by staff"})

    assert response.status_code == 200
    ada.refresh_from_db()
    assert ada.profile.bio == "Checked by staff"


def test_an_account_made_without_a_profile_gets_one_on_its_first_change(client_of):
    ada = UserFactory(profile=None)

    response = client_of(ada).patch(f"/api/users/{ada.pk}/", {"bio": "Hello"})

    assert response.status_code == 200
    assert response.json()["bio"] == "Hello"
    assert Profile.objects.get(user=ada).bio == "Hello"


def test_staff_list_every_user_page_by_page(client_of):
    admin = UserFactory(is_staff=True)
    UserFactory.create_batch(24)

    first = client_of(admin).get("/api/users/")
    second = client_of(admin).get("/api/users/", {"page": 2})

    assert (first.status_code, second.status_code) == (200, 200)
    first, second = first.json(), second.json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"] is not None
    assert len(second["results"]) == 5
    assert set(first["results"][0]) == DETAIL_FIELDS


@pytest.mark.parametrize(
    "search",
    ["lovel", "ADA.L@EXAMPLE", "augusta", "KING"],
    ids=["username", "email", "first name", "last name"],
)
def test_staff_search_users_by_username_email_and_names(client_of, search):
    admin = UserFactory(is_staff=True, username="admin", email="admin@example.com", first_name="", last_name="")
    ada = UserFactory(username="lovelace", email="ada.l@example.com", first_name="Augusta", last_name="King")
    UserFactory(username="babbage", email="charles@example.com", first_name="Charles", last_name="Babbage")

    response = client_of(admin).get("/api/users/", {"search": search})

    assert response.status_code == 200
    assert [user["id"] for user in response.json()["results"]] == [ada.pk]


def test_a_customer_cannot_list_users(client_of):
    response = client_of(UserFactory()).get("/api/users/")

    assert response.status_code == 403


def test_listing_users_without_a_token_is_401(api_client):
    response = api_client.get("/api/users/")

    assert response.status_code == 401


def test_no_endpoint_ever_shows_a_password(client_of):
    ada = UserFactory(is_staff=True)
    client = client_of(ada)

    responses = [
        client.get("/api/users/me/"),
        client.get(f"/api/users/{ada.pk}/"),
        client.get("/api/users/"),
        client.patch(f"/api/users/{ada.pk}/", {"bio": "x"}),
    ]

    assert [response.status_code for response in responses] == [200] * 4
    bodies = [response.content for response in responses]
    assert all(b"password" not in body for body in bodies)
    assert all(User.objects.get(pk=ada.pk).password.encode() not in body for body in bodies)
