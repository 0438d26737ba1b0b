"""When a send the mail server did not take is tried again, and when it is given up: plain rules, no mail server."""

import smtplib

from notifications.domain import failed_send

REFUSED = smtplib.SMTPSenderRefused(451, b"4.3.0 try again later", "no-reply@microshop.example")


def test_a_first_failed_send_counts_one_attempt_and_is_tried_again():
    failure = failed_send(attempts_before=0, max_attempts=10, error=ConnectionRefusedError(111, "Connection refused"))

    assert failure.attempts == 1
    assert not failure.gives_up


def test_the_error_is_kept_with_its_type_and_the_mail_server_s_reason():
    failure = failed_send(attempts_before=3, max_attempts=10, error=REFUSED)

    assert failure.error.startswith("SMTPSenderRefused: ")
    assert "451" in failure.error
    assert "4.3.0 try again later" in failure.error


def test_a_send_failing_before_the_last_allowed_attempt_is_tried_again():
    failure = failed_send(attempts_before=8, max_attempts=10, error=REFUSED)

    assert (failure.attempts, failure.gives_up) == (9, False)


def test_a_send_failing_at_the_last_allowed_attempt_is_given_up():
    failure = failed_send(attempts_before=9, max_attempts=10, error=REFUSED)

    assert (failure.attempts, failure.gives_up) == (10, True)


def test_with_one_attempt_allowed_the_first_failure_is_final():
    failure = failed_send(attempts_before=0, max_attempts=1, error=TimeoutError("timed out"))

    assert failure.gives_up
    assert failure.error == "TimeoutError: timed out"
