"""How an event travels on the broker: as a call of one Celery task, whose name every service's consumer registers.

Kept apart from the publisher and the consumer, which need a service's Django settings,
so that code without them (the resilience tests) sends events the way the services do.
"""

CONSUME_TASK = "microshop.consume_event"
