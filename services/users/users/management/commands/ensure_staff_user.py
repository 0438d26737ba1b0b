import os

from django.core.management.base import BaseCommand, CommandError

from users.errors import AccountExists
from users.services import user_ensure_staff

DEVELOPMENT_DEFAULTS = {"username": "admin", "password": "admin", "email": "admin@microshop.example"}


class Command(BaseCommand):
    help = (
        "Create the staff superuser, or bring it back to these settings if it exists (safe to run again). "
        "Options default to STAFF_USERNAME, STAFF_PASSWORD and STAFF_EMAIL, then to admin / admin / "
        "admin@microshop.example: development defaults for `make run` only. The password skips the "
        "password rules, so set a real one anywhere else."
    )

    def add_arguments(self, parser):
        for option in ("username", "password", "email"):
            parser.add_argument(
                f"--{option}",
                default=os.environ.get(f"STAFF_{option.upper()}", DEVELOPMENT_DEFAULTS[option]),
                help=f"default: STAFF_{option.upper()}, else {DEVELOPMENT_DEFAULTS[option]!r}",
            )

    def handle(self, *args, username: str, password: str, email: str, **options):
        try:
            user, created = user_ensure_staff(username=username, password=password, email=email)
        except AccountExists as exc:
            raise CommandError(f"{exc.detail} (another account uses {email})") from exc
        if password == DEVELOPMENT_DEFAULTS["password"]:
            self.stderr.write(f"{username} has the development password {password!r}: set STAFF_PASSWORD for real use")
        self.stdout.write(f"staff user {username} {'created' if created else 'updated'} (id {user.pk})")
