"""``manage.py setup_service``: every step that sets a service up, in one process."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from microshop_common.processes import setup_steps
from microshop_testing.worker import delete_queues
from tests.tasks import app

pytestmark = pytest.mark.django_db


def test_setup_service_migrates_then_declares_the_queues_each_step_with_its_own_output():
    output = StringIO()
    try:
        call_command("setup_service", stdout=output)
    finally:
        delete_queues(app)

    text = output.getvalue()
    headers = [line for line in text.splitlines() if line.startswith("setup_service: ")]
    assert headers == [f"setup_service: manage.py {' '.join(step)}" for step in setup_steps("example", seed=False)]
    # What migrate and declare_queues print themselves, after their headers.
    assert "Operations to perform" in text.split(headers[0])[1]
    assert settings.EVENTS_QUEUE in text.split(headers[1])[1].split("declared queues: ")[1]
