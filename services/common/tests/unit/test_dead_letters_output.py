"""What ``manage.py dead_letters`` says about a letter, and what it refuses before touching anything."""

from types import SimpleNamespace

import pytest

from microshop_common.events.broker import NoEventsQueue, OwnQueuePublisher
from microshop_common.events.dead_letters import envelope_names, error_summary
from microshop_common.events.management.commands.dead_letters import Command


def test_an_error_is_summed_up_by_its_first_line():
    assert error_summary("order.placed 7: {'total': ['This field is required.']}\nmore") == (
        "order.placed 7: {'total': ['This field is required.']}"
    )


def test_a_traceback_is_summed_up_by_the_exception_it_ended_with():
    traceback = "Traceback (most recent call last):\n  File \"handlers.py\", line 3, in f\nKeyError: 'total'\n"

    assert error_summary(traceback) == "KeyError: 'total'"


def test_an_envelope_is_named_by_its_type_and_id_and_anything_else_by_dashes():
    assert envelope_names({"event_type": "order.placed", "event_id": "e-1", "data": {}}) == ("order.placed", "e-1")
    assert envelope_names({"event_type": "order.placed"}) == ("order.placed", "-")
    assert envelope_names(["not", "an", "envelope"]) == ("-", "-")


def test_a_service_that_consumes_no_events_has_no_queue_to_replay_to():
    app_without_events_queue = SimpleNamespace(conf=SimpleNamespace(task_queues=[SimpleNamespace(name="tasks")]))

    with pytest.raises(NoEventsQueue, match="example consumes no events"):
        OwnQueuePublisher(app_without_events_queue)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["list", "show", "replay", "own events queue"]),
        (["list"], ["--all", "not replayed yet"]),
        (["show"], ["ID", "--payload-only", "replay ID --payload FILE"]),
        (["replay"], ["ID", "--payload FILE", "--again", "envelope"]),
    ],
    ids=["command", "list", "show", "replay"],
)
def test_help_names_each_action_and_option(capsys, argv, expected):
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "dead_letters", *argv, "--help"])

    assert exit_.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert all(text in shown for text in expected), shown
