from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A customer or a member of staff. ``date_joined`` is shown as ``created_at``."""

    email = models.EmailField("email address")

    class Meta(AbstractUser.Meta):
        ordering = ["id"]
        constraints = [
            # "Ada@Example.com" and "ada@example.com" reach the same mailbox, so the
            # database refuses the second one whatever the code above it does.
            models.UniqueConstraint(Lower("email"), name="unique_email_ignoring_case"),
        ]


class Profile(models.Model):
    """What a customer tells about themselves beyond their account; made with the account."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField(blank=True, max_length=2000)
    # E.164 (``+442083661177``): at most 15 digits after the plus sign.
    phone_number = models.CharField(blank=True, max_length=16)
    birth_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"profile of user {self.user_id}"
