"""The `login_as` fixture signs a test client in the way the login page does."""

from flask_login import current_user


def test_login_as_signs_the_client_in(client, login_as) -> None:
    user = login_as("officer")
    with client:
        client.get("/")
        assert current_user.is_authenticated
        assert current_user.id == user.id


def test_a_client_nobody_signed_in_is_anonymous(client) -> None:
    with client:
        client.get("/")
        assert not current_user.is_authenticated
