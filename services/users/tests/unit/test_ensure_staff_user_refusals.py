"""``manage.py ensure_staff_user`` refuses before it touches the database; what it writes is
tested in tests/integration/test_ensure_staff_user.py."""

import pytest
from django.core.management import CommandError, call_command


def test_without_a_password_it_refuses_and_names_the_variable(monkeypatch):
    for name in ("STAFF_USERNAME", "STAFF_PASSWORD", "STAFF_EMAIL"):
        monkeypatch.delenv(name, raising=False)

    # A unit test has no database: reaching for it would fail the test with another error.
    with pytest.raises(CommandError, match="STAFF_PASSWORD"):
        call_command("ensure_staff_user")
