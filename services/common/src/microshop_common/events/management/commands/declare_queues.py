from celery import current_app
from django.core.management.base import BaseCommand

from microshop_common.events.broker import declare_queues


class Command(BaseCommand):
    help = "Create this service's queues and their bindings on the broker (safe to run again)."

    def handle(self, *args, **options):
        names = declare_queues(current_app)
        self.stdout.write(f"declared queues: {', '.join(names)}")
