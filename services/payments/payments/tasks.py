from microshop_common.events.consumer import event_consumer_task
from payments.bootstrap import event_handlers

consume_event = event_consumer_task(event_handlers)
