import os

from microshop_common.celery import make_celery_app

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = make_celery_app("payments")
