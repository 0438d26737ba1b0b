from rest_framework import serializers

from notifications.domain import NotificationType
from notifications.models import Notification


# Names its fields rather than derive them from the model: a ModelSerializer inspects
# the model anew for every notification it renders.
class NotificationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=[kind.value for kind in NotificationType])
    message = serializers.CharField()
    channel = serializers.ChoiceField(choices=Notification.Channel.choices)
    status = serializers.ChoiceField(choices=Notification.Status.choices)
    created_at = serializers.DateTimeField()
