from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from microshop_common.processes import setup_steps


class Command(BaseCommand):
    help = (
        "Set this service up before its processes start: migrate, declare its queues, and with "
        "--seed add its demo data. One process for every step, so Django starts once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", action="store_true", help="add the demo data make run starts with")

    def handle(self, *args, seed: bool, **options):
        for step in setup_steps(settings.SERVICE_NAME, seed=seed):
            self.stdout.write(f"setup_service: manage.py {' '.join(step)}")
            call_command(*step, stdout=self.stdout, stderr=self.stderr)
