from inventory.events.handlers import HANDLERS
from microshop_common.events.consumer import event_consumer_task

consume_event = event_consumer_task(HANDLERS)
