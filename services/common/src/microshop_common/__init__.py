"""Plumbing shared by the microshop services.

Everything here is infrastructure: reading settings, the error shape, service
authentication, HTTP clients and the event envelope, outbox and consumer. Domain
rules live in the services; no module here knows what an order or a product is.
"""
