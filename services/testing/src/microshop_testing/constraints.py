"""Which constraint of the database refused a row, in the words of the database in use.

``pytest.raises(IntegrityError)`` alone passes on any refusal, a missing NOT NULL value
as well as the constraint a test is about. ``refused_by`` passes only when the database
names that constraint:

    with refused_by(OrderItem, "item_quantity_at_least_one"):
        OrderItemFactory(quantity=0)

PostgreSQL names every constraint it enforces
(``new row for relation "orders_orderitem" violates check constraint "item_quantity_at_least_one"``).
SQLite names a check constraint (``CHECK constraint failed: item_quantity_at_least_one``)
but a unique one by its columns (``UNIQUE constraint failed: orders_order.user_id, orders_order.idempotency_key``),
or, when it is made of expressions, by its index (``UNIQUE constraint failed: index 'one_order_per_idempotency_key'``).
https://www.postgresql.org/docs/current/ddl-constraints.html, https://www.sqlite.org/lang_createtable.html#ckconst
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def refused_by(model, constraint_name: str) -> Iterator[None]:
    """The block must raise ``IntegrityError`` from the constraint ``constraint_name`` of ``model``'s ``Meta``."""
    from django.db import IntegrityError, connection

    with pytest.raises(IntegrityError, match=_message_naming(model, constraint_name, connection.vendor)):
        yield


def _message_naming(model, constraint_name: str, vendor: str) -> str:
    from django.db import models

    constraints = {constraint.name: constraint for constraint in model._meta.constraints}
    if constraint_name not in constraints:
        raise LookupError(f"{model.__name__} has no constraint {constraint_name!r}: it has {sorted(constraints)}")
    constraint = constraints[constraint_name]
    if vendor == "postgresql":
        return rf'violates (check|unique) constraint "{re.escape(constraint_name)}"'
    if vendor != "sqlite":
        raise NotImplementedError(f"no known wording of constraint errors for {vendor}")
    if isinstance(constraint, models.UniqueConstraint) and constraint.expressions:
        return rf"^UNIQUE constraint failed: index '{re.escape(constraint_name)}'$"
    if isinstance(constraint, models.UniqueConstraint):
        table = model._meta.db_table
        columns = ", ".join(f"{table}.{model._meta.get_field(name).column}" for name in constraint.fields)
        return rf"^UNIQUE constraint failed: {re.escape(columns)}$"
    return rf"^CHECK constraint failed: {re.escape(constraint_name)}$"
