import pytest
from django.core.management import CommandError, call_command

from tests.factories import PASSWORD, UserFactory
from users.models import Profile, User

pytestmark = pytest.mark.django_db


def test_it_creates_an_active_staff_superuser_with_a_profile():
    call_command("ensure_staff_user", username="boss", password="s3cret-pass", email="boss@example.com")

    boss = User.objects.get(username="boss")
    assert (boss.is_staff, boss.is_superuser, boss.is_active) == (True, True, True)
    assert boss.email == "boss@example.com"
    assert boss.check_password("s3cret-pass")
    assert Profile.objects.filter(user=boss).exists()


def test_running_it_again_keeps_one_account_and_never_resets_its_password():
    call_command("ensure_staff_user", username="boss", password="first-pass1", email="boss@example.com")

    call_command("ensure_staff_user", username="boss", password="second-pass2", email="other@example.com")

    boss = User.objects.get(username="boss")
    assert User.objects.filter(username="boss").count() == 1
    assert boss.check_password("first-pass1")
    assert boss.email == "boss@example.com"


def test_it_promotes_and_reactivates_an_existing_account_keeping_its_password():
    UserFactory(username="boss", is_active=False)

    call_command("ensure_staff_user", username="boss", password="s3cret-pass", email="boss@example.com")

    boss = User.objects.get(username="boss")
    assert (boss.is_staff, boss.is_superuser, boss.is_active) == (True, True, True)
    assert boss.check_password(PASSWORD)


def test_the_local_demo_seeds_admin_admin_through_the_environment(monkeypatch):
    for name in ("STAFF_USERNAME", "STAFF_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STAFF_PASSWORD", "admin")

    call_command("ensure_staff_user")

    admin = User.objects.get(username="admin")
    assert admin.email == "admin@microshop.example"
    # "admin" breaks every password rule: the command skips them on purpose.
    assert admin.check_password("admin")


def test_the_environment_gives_the_defaults(monkeypatch):
    monkeypatch.setenv("STAFF_USERNAME", "ops")
    monkeypatch.setenv("STAFF_PASSWORD", "ops-pass-42")
    monkeypatch.setenv("STAFF_EMAIL", "ops@example.com")

    call_command("ensure_staff_user")

    ops = User.objects.get(username="ops")
    assert (ops.email, ops.is_staff) == ("ops@example.com", True)
    assert ops.check_password("ops-pass-42")


def test_the_staff_account_can_log_in(api_client):
    call_command("ensure_staff_user", username="boss", password="s3cret-pass", email="boss@example.com")

    response = api_client.post("/api/auth/login/", {"username": "boss", "password": "s3cret-pass"})

    assert response.status_code == 200


def test_an_email_taken_by_another_account_is_a_clear_error():
    UserFactory(email="boss@example.com")

    with pytest.raises(CommandError, match=r"boss@example\.com"):
        call_command("ensure_staff_user", username="boss", password="s3cret-pass", email="boss@example.com")


def test_seeding_the_staff_account_announces_no_registration(published_events):
    call_command("ensure_staff_user", username="boss", password="s3cret-pass", email="boss@example.com")

    assert published_events("user.registered") == []
