"""The test mail server, spoken to with smtplib over 127.0.0.1 as Django's SMTP backend speaks to it."""

import smtplib
import socket
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage

import pytest

from microshop_testing.polling import wait_until
from microshop_testing.smtp import SmtpServer


def a_message(to: str = "ann@example.com", subject: str = "Your order #42 is confirmed") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "shop@example.com"
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Total: 25.00")
    return message


def send(server: SmtpServer, message: EmailMessage) -> None:
    with smtplib.SMTP("127.0.0.1", server.port, timeout=5) as client:
        client.send_message(message)


def test_it_records_each_message_with_its_recipients_and_subject():
    with SmtpServer() as server:
        send(server, a_message())

        [received] = server.messages

    assert received.sender == "shop@example.com"
    assert received.recipients == ("ann@example.com",)
    assert received.subject == "Your order #42 is confirmed"
    assert received.body.strip() == "Total: 25.00"


def test_a_test_sharing_the_server_reads_the_messages_to_its_own_address():
    with SmtpServer() as server:
        send(server, a_message(to="ann@example.com", subject="Welcome to microshop"))
        send(server, a_message(to="bob@example.com"))

        [to_ann] = server.messages_to("ann@example.com")

    assert to_ann.subject == "Welcome to microshop"


def test_a_refusing_server_answers_with_a_temporary_failure_and_records_nothing():
    with SmtpServer() as server:
        server.refuse()

        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            send(server, a_message())

        assert refused.value.smtp_code == 451
        assert isinstance(refused.value, OSError), "Django's callers catch OSError"
        assert server.messages == []
        assert server.refused == 1


def test_it_takes_mail_again_once_told_to_accept():
    with SmtpServer() as server:
        server.refuse()
        with pytest.raises(smtplib.SMTPException):
            send(server, a_message(subject="refused"))

        server.accept()
        send(server, a_message(subject="accepted"))

        assert [message.subject for message in server.messages] == ["accepted"]


def test_waiting_for_messages_returns_once_they_arrived_and_times_out_otherwise():
    with SmtpServer() as server:
        send(server, a_message())

        assert len(server.wait_for_messages(1, timeout=5)) == 1
        with pytest.raises(TimeoutError, match="1 of 2 messages"):
            server.wait_for_messages(2, timeout=0.2)


def test_it_stops_listening_when_the_block_ends():
    with SmtpServer() as server:
        port = server.port

    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_django_and_a_service_process_are_pointed_at_it_by_host_and_port():
    server = SmtpServer()

    assert server.email_url == f"smtp://127.0.0.1:{server.port}"
    assert (server.django_settings()["EMAIL_HOST"], server.django_settings()["EMAIL_PORT"]) == (
        "127.0.0.1",
        server.port,
    )


def test_a_held_message_waits_for_its_answer_until_released():
    with SmtpServer() as server, ThreadPoolExecutor(max_workers=1) as pool:
        server.hold()
        sending = pool.submit(send, server, a_message())
        wait_until(lambda: server.held == 1, timeout=5, message="the message to be held")

        assert not sending.done()
        assert server.messages == []

        server.release()
        sending.result(timeout=5)
        assert server.held == 0
        assert len(server.messages) == 1
