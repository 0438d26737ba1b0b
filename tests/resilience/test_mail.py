"""The mail server refusing: notifications wait, are tried again, and each goes out exactly once."""

from collections import Counter

from microshop_testing.polling import wait_until


def test_mail_refused_for_a_while_is_sent_later_exactly_once_per_notification(shop, mail, tally):
    customer = shop.register()
    product = shop.create_product(stock=10)
    address = f"{customer.username}@example.com"
    wait_until(lambda: any(m.recipients == (address,) for m in mail.messages), timeout=30, message="the welcome")

    mail.refuse()
    for _ in range(3):
        assert tally.place(customer, [{"product_id": product["id"], "quantity": 1}]).status_code == 201
    tally.settle(timeout=90)
    waiting = [n for n in shop.notifications(customer) if n["status"] == "pending"]
    refusals = mail.refused
    mail.accept()

    assert (tally.lost, tally.duplicated) == (0, 0), tally.summary()
    assert len(waiting) == 6, "each order's placed and confirmed notifications wait for the mail server"
    assert refusals >= 6

    def all_sent() -> list[dict]:
        found = shop.notifications(customer)
        return found if all(n["status"] == "sent" for n in found) else []

    notifications = wait_until(all_sent, timeout=60, message="every notification to be sent")
    received = Counter(m.subject for m in mail.messages if m.recipients == (address,))
    assert len(notifications) == 7
    assert sum(received.values()) == 7
    assert set(received.values()) == {1}, received
