"""Writes of the payments service: recording an order's payment, charging it once stock is
held, and voiding or refunding it when the order ends another way.

Each function that changes a payment locks its row first, so a charge and a cancellation
of the same order take turns: the second sees the status the first left. The lock is
held across the provider's answer on purpose. A cancellation that came in while the
charge was on its way then waits for the charge, finds it succeeded and refunds it,
instead of voiding a payment the provider has just charged.
"""

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction

from microshop_common.events.outbox import publish_event
from payments.clients.provider import CardDeclined, PaymentProvider
from payments.domain import (
    PaymentStatus,
    charge_idempotency_key,
    ensure_transition,
    refund_idempotency_key,
    to_cents,
)
from payments.errors import PaymentNotRecordedYet
from payments.events.published import PaymentFailed, PaymentRefunded, PaymentSucceeded
from payments.models import Payment

logger = logging.getLogger(__name__)


def payment_record(*, order_id: int, user_id: int, amount: Decimal, card_token: str) -> Payment:
    """Follow ``order.placed``: the order's payment, awaiting inventory's reservation.

    Nothing is charged yet: an order inventory cannot fill is never charged. A second
    ``order.placed`` for the same order returns the payment the first one recorded.
    """
    to_cents(amount)  # refuses an amount the provider could not be asked for, before anything is saved
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the caller's transaction usable
            payment = Payment.objects.create(order_id=order_id, user_id=user_id, amount=amount, card_token=card_token)
    except IntegrityError:
        existing = Payment.objects.filter(order_id=order_id).first()
        if existing is None:
            raise
        logger.info("order %s already has payment %s (%s)", order_id, existing.pk, existing.status)
        return existing
    logger.info("payment %s recorded for order %s: %s", payment.pk, order_id, amount)
    return payment


@transaction.atomic
def payment_charge(*, order_id: int, provider: PaymentProvider) -> Payment:
    """Follow ``stock.reserved``: charge the order's total and publish the outcome.

    A charge is ``payment.succeeded``, a decline ``payment.failed``, each written to the
    outbox in the transaction that records it. A provider that cannot be reached raises
    ``ProviderUnavailable`` and changes nothing, so the event is tried again later, with
    the same idempotency key: never ``payment.failed`` for an outage. A payment that is
    no longer awaiting stock (charged already, or voided by a cancellation) is left alone.
    Raises :class:`PaymentNotRecordedYet` when ``order.placed`` has not been handled yet.
    """
    payment = _locked_payment(order_id)
    if payment.status != PaymentStatus.AWAITING_STOCK:
        logger.info("payment of order %s is already %s; stock.reserved charges nothing", order_id, payment.status)
        return payment
    try:
        charge = provider.charge(
            amount_cents=to_cents(payment.amount),
            currency=payment.currency,
            card_token=payment.card_token,
            order_id=order_id,
            idempotency_key=charge_idempotency_key(order_id),
        )
    except CardDeclined as declined:
        payment.status = ensure_transition(payment.status, PaymentStatus.FAILED)
        payment.failure_reason = declined.reason
        payment.save(update_fields=["status", "failure_reason", "updated_at"])
        publish_event(
            PaymentFailed(
                order_id=order_id,
                user_id=payment.user_id,
                payment_id=payment.pk,
                amount=payment.amount,
                reason=declined.reason,
            )
        )
        logger.info("payment %s of order %s failed: %s", payment.pk, order_id, declined.code)
        return payment
    payment.status = ensure_transition(payment.status, PaymentStatus.SUCCEEDED)
    payment.provider_charge_id = charge.charge_id
    payment.save(update_fields=["status", "provider_charge_id", "updated_at"])
    publish_event(
        PaymentSucceeded(order_id=order_id, user_id=payment.user_id, payment_id=payment.pk, amount=payment.amount)
    )
    logger.info("payment %s of order %s succeeded: %s", payment.pk, order_id, charge.charge_id)
    return payment


@transaction.atomic
def payment_void(*, order_id: int) -> Payment:
    """Follow ``order.rejected``: a payment not charged yet never will be.

    A payment already failed (the rejection may be payments' own ``payment.failed``)
    or otherwise settled is left as it is.
    """
    payment = _locked_payment(order_id)
    if payment.status != PaymentStatus.AWAITING_STOCK:
        logger.info("payment of order %s is already %s; order.rejected changes nothing", order_id, payment.status)
        return payment
    return _void(payment)


@transaction.atomic
def payment_cancel(*, order_id: int, provider: PaymentProvider) -> Payment:
    """Follow ``order.cancelled``: refund a charged payment and publish ``payment.refunded``;
    void one not charged yet, so that a later ``stock.reserved`` charges nothing.

    A provider that cannot be reached raises ``ProviderUnavailable`` and changes
    nothing: the cancellation is tried again, with the same idempotency key.
    """
    payment = _locked_payment(order_id)
    if payment.status == PaymentStatus.AWAITING_STOCK:
        return _void(payment)
    if payment.status != PaymentStatus.SUCCEEDED:
        logger.info("payment of order %s is %s; order.cancelled changes nothing", order_id, payment.status)
        return payment
    provider.refund(charge_id=payment.provider_charge_id, idempotency_key=refund_idempotency_key(order_id))
    payment.status = ensure_transition(payment.status, PaymentStatus.REFUNDED)
    payment.save(update_fields=["status", "updated_at"])
    publish_event(
        PaymentRefunded(order_id=order_id, user_id=payment.user_id, payment_id=payment.pk, amount=payment.amount)
    )
    logger.info("payment %s of order %s refunded", payment.pk, order_id)
    return payment


def _void(payment: Payment) -> Payment:
    payment.status = ensure_transition(payment.status, PaymentStatus.VOIDED)
    payment.save(update_fields=["status", "updated_at"])
    logger.info("payment %s of order %s voided before any charge", payment.pk, payment.order_id)
    return payment


def _locked_payment(order_id: int) -> Payment:
    payment = Payment.objects.select_for_update().filter(order_id=order_id).first()
    if payment is None:
        raise PaymentNotRecordedYet(order_id)
    return payment
