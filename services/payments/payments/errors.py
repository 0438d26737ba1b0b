"""What payments refuses, in the domain's words; the API maps each kind to a status code."""

from microshop_common.errors import Conflict


class ItemExists(Conflict):
    error = "Item exists"
    code = "ITEM_EXISTS"
