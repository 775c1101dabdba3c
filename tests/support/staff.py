"""A member of staff, signed in through the real login form, and a family's message to read."""

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


class Staff:
    def __init__(self, app, email=EMAIL):
        with app.app_context():
            uri = add_staff(db.session(), current_sealer(), email, PASSWORD)
        self.email, self.totp = email, pyotp.parse_uri(uri)

    def code(self, offset_steps=0) -> str:
        return self.totp.at(time.time() + offset_steps * self.totp.interval)


def csrf_of(client, url="/staff/login") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(client, staff, code=None, password=PASSWORD):
    return client.post(
        "/staff/login",
        data={
            "csrf_token": csrf_of(client),
            "email": staff.email,
            "password": password,
            "code": staff.code() if code is None else code,
        },
    )


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
