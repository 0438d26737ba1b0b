import factory

from users.models import Profile, User

PASSWORD = "testpass123"


class UserFactory(factory.django.DjangoModelFactory):
    """An active customer with a profile, who logs in with ``PASSWORD``."""

    class Meta:
        model = User
        # The profile points at the saved user; nothing is left to save afterwards.
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"customer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    # Hashed as set_password does, before the first save.
    # https://factoryboy.readthedocs.io/en/stable/orms.html#factory.django.Password
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory("tests.factories.ProfileFactory", factory_related_name="user")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
