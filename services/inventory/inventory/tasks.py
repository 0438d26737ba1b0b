from inventory.bootstrap import event_handlers
from microshop_common.events.consumer import event_consumer_task

consume_event = event_consumer_task(event_handlers)
