"""A member of staff for the tests, signing in as a browser does (the form's CSRF token first,
then the post, from whichever client address the test names), and a family's message to read."""

import re
import time
import uuid

import pyotp
from sqlalchemy import select

from app import db
from app.contact.model import ContactMessage
from app.sealing import current_sealer
from app.staff.accounts import add_staff

PASSWORD = "correct horse battery staple"
EMAIL = "reader@steady.example"
CLIENT = "203.0.113.7"


class Staff:
    def __init__(self, app, email=EMAIL):
        with app.app_context():
            uri = add_staff(db.session(), current_sealer(), email, PASSWORD)
        self.email, self.totp = email, pyotp.parse_uri(uri)

    def code(self, offset_steps=0) -> str:
        return self.totp.at(time.time() + offset_steps * self.totp.interval)


def csrf_of(client, url="/staff/login", source=CLIENT) -> str:
    page = client.get(url, environ_base={"REMOTE_ADDR": source}).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(client, staff, code=None, password=PASSWORD, source=CLIENT, email=None):
    token = csrf_of(client, source=source)
    return post_login(client, token, staff, code, password, source, email)


def post_login(client, token, staff, code=None, password=PASSWORD, source=CLIENT, email=None):
    return client.post(
        "/staff/login",
        data={
            "csrf_token": token,
            "email": staff.email if email is None else email,
            "password": password,
            "code": staff.code() if code is None else code,
        },
        environ_base={"REMOTE_ADDR": source},
    )


def answered(send, tries=100):
    """Sent again after a 503, as a person would: more requests at once than the server takes
    (DYNAMIC_WORK_SLOTS), or than there are password checks, are turned away at once."""
    for _ in range(tries):
        response = send()
        if response.status_code != 503:
            return response
        time.sleep(0.05)
    return response


def family_message(client, reply_to="parent@example.org", locale="es") -> None:
    response = client.post(
        f"/{locale}/contact",
        data={"message": "Ayuda, por favor", "reply_to": reply_to, "country": "es"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201


def only_message(app) -> ContactMessage:
    with app.app_context():
        return db.session().scalars(select(ContactMessage)).one()
