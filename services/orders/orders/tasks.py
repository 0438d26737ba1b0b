from microshop_common.events.consumer import event_consumer_task
from orders.events.handlers import HANDLERS

consume_event = event_consumer_task(HANDLERS)
