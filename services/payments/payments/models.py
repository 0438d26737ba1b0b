from django.db import models

from payments.domain import NAME_MAX_LENGTH


class Item(models.Model):
    # Unique as domain.item_name writes it: the index, not a check before the insert,
    # is what keeps two requests racing with one name from both succeeding.
    name = models.CharField(max_length=NAME_MAX_LENGTH, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
