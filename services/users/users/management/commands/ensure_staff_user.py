import os

from django.core.management.base import BaseCommand, CommandError

from users.errors import AccountExists
from users.services import user_ensure_staff

DEFAULTS = {"username": "admin", "email": "admin@microshop.example"}


class Command(BaseCommand):
    help = (
        "Create the staff superuser if it does not exist, or make an existing account active staff again, "
        "keeping its password (safe to run again). The options default to STAFF_USERNAME, STAFF_PASSWORD "
        "and STAFF_EMAIL; the username then to admin and the e-mail to admin@microshop.example. The "
        "password has no default: `make run` sets STAFF_PASSWORD=admin for its local demo, and the password "
        "skips the password rules, so choose a real one anywhere else."
    )

    def add_arguments(self, parser):
        for option in ("username", "password", "email"):
            default = os.environ.get(f"STAFF_{option.upper()}", DEFAULTS.get(option))
            parser.add_argument(
                f"--{option}",
                default=default,
                help=f"default: STAFF_{option.upper()}"
                + (f", else {DEFAULTS[option]!r}" if option in DEFAULTS else " (required)"),
            )

    def handle(self, *args, username: str, password: str | None, email: str, **options):
        if not password:
            raise CommandError("give the staff account a password: --password or STAFF_PASSWORD")
        try:
            user, created = user_ensure_staff(username=username, password=password, email=email)
        except AccountExists as exc:
            raise CommandError(f"{exc.detail} (another account uses {email})") from exc
        if created and password == "admin":
            self.stderr.write(f"{username} has the local demo's password 'admin': set STAFF_PASSWORD for real use")
        self.stdout.write(
            f"staff user {username} created (id {user.pk})"
            if created
            else f"staff user {username} exists (id {user.pk}); its password is left as it was"
        )
