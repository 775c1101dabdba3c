"""Staff sessions end on the server: a cookie copied before "Sign out" opens nothing after it,
a new password signs the member out everywhere, a member sees and ends their sessions, and one
TOTP code sent many times at once opens one session."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

from click.testing import CliRunner
from sqlalchemy import func, select

from app import db
from app.cli.staff import staff_cli
from app.staff.model import StaffMember, StaffSession
from tests.support.staff import (
    PASSWORD,
    Staff,
    answered,
    csrf_of,
    family_message,
    log_in,
    only_message,
    post_login,
)

COOKIE = "steady_staff"
FIREFOX_ON_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


def signed_in(app, staff, offset_steps=0, user_agent="", password=PASSWORD):
    """A browser of its own, signed in. Each code opens one session: a test signing in more
    than once uses the codes of the steps around now (the clock drift allowed)."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    response = log_in(client, staff, code=staff.code(offset_steps), password=password)
    assert response.status_code == 303, response.status_code
    return client


def open_sessions(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(StaffSession))


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(db_app, staff):
    family_message(db_app.test_client())
    message_id = only_message(db_app).id
    browser = signed_in(db_app, staff)
    token = csrf_of(browser, f"/staff/messages/{message_id}")
    copied = browser.get_cookie(COOKIE, path="/staff/").value

    signed_out = browser.post("/staff/logout", data={"csrf_token": token})
    assert signed_out.status_code == 303

    thief = db_app.test_client()
    thief.set_cookie(COOKIE, copied, path="/staff/")
    replayed = thief.get("/staff/")
    assert replayed.status_code == 302 and replayed.headers["Location"] == "/staff/login"
    thief.set_cookie(COOKIE, copied, path="/staff/")
    note = thief.post(
        f"/staff/messages/{message_id}/note", data={"csrf_token": token, "note": "written"}
    )
    assert note.status_code == 302 and note.headers["Location"] == "/staff/login"
    assert only_message(db_app).note is None
    assert open_sessions(db_app) == 0


def test_a_new_password_from_the_command_line_ends_every_session(db_app, staff, monkeypatch):
    first, second = signed_in(db_app, staff, -1), signed_in(db_app, staff, 0)
    monkeypatch.setenv("FLASK_DATABASE_URL", db_app.config["DATABASE_URL"])
    monkeypatch.setenv("FLASK_INSTANCE_DIR", str(db_app.config["INSTANCE_DIR"]))
    monkeypatch.setenv("STEADY_STAFF_PASSWORD", "a brand new passphrase")
    changed = CliRunner().invoke(staff_cli, ["password", staff.email.upper()])
    assert changed.exit_code == 0, changed.output
    assert "2 open session(s) ended" in changed.output
    for browser in (first, second):
        assert browser.get("/staff/").status_code == 302
    old = log_in(db_app.test_client(), staff, code=staff.code(1))
    assert old.status_code == 401
    signed_in(db_app, staff, 1, password="a brand new passphrase")

    monkeypatch.setenv("STEADY_STAFF_PASSWORD", "short")
    short = CliRunner().invoke(staff_cli, ["password", staff.email])
    assert short.exit_code != 0 and "at least 12" in short.output
    monkeypatch.setenv("STEADY_STAFF_PASSWORD", "a brand new passphrase")
    nobody = CliRunner().invoke(staff_cli, ["password", "nobody@steady.example"])
    assert nobody.exit_code != 0 and "has no account" in nobody.output


def test_a_member_sees_their_sessions_and_ends_one(db_app, staff):
    phone = signed_in(db_app, staff, -1, FIREFOX_ON_ANDROID)
    desk = signed_in(db_app, staff, 0, CHROME_ON_WINDOWS)
    assert 'href="/staff/sessions"' in desk.get("/staff/").get_data(as_text=True)

    page = desk.get("/staff/sessions").get_data(as_text=True)
    rows = re.findall(r'<tr data-session="([0-9a-f]{64})">(.*?)</tr>', page, re.S)
    assert len(rows) == 2
    devices = {session_id: row for session_id, row in rows}
    (phone_id,) = [sid for sid, row in devices.items() if "Firefox · Android" in row]
    (desk_id,) = [sid for sid, row in devices.items() if "Chrome · Windows" in row]
    assert "(this one)" in devices[desk_id] and "(this one)" not in devices[phone_id]

    token = csrf_of(desk, "/staff/sessions")
    ended = desk.post("/staff/sessions/end", data={"csrf_token": token, "session": phone_id})
    assert ended.status_code == 303 and ended.headers["Location"] == "/staff/sessions"
    assert phone.get("/staff/").status_code == 302
    assert desk.get("/staff/").status_code == 200
    assert desk_id in desk.get("/staff/sessions").get_data(as_text=True)
    assert open_sessions(db_app) == 1

    # Ending this one is signing out.
    own = desk.post("/staff/sessions/end", data={"csrf_token": token, "session": desk_id})
    assert own.status_code == 303 and own.headers["Location"] == "/staff/login"
    assert desk.get("/staff/").status_code == 302
    assert open_sessions(db_app) == 0


def test_a_member_cannot_end_anothers_session(db_app, staff):
    other = Staff(db_app, "other@steady.example")
    theirs = signed_in(db_app, other)
    mine = signed_in(db_app, staff)
    with db_app.app_context():
        their_id = db.session().scalar(
            select(StaffSession.id).join(StaffMember).where(StaffMember.email == other.email)
        )
    token = csrf_of(mine, "/staff/sessions")
    mine.post("/staff/sessions/end", data={"csrf_token": token, "session": their_id})
    assert theirs.get("/staff/").status_code == 200


def test_one_code_sent_six_times_at_once_opens_one_session(db_app, staff):
    code = staff.code()
    browsers = [db_app.test_client() for _ in range(6)]
    tokens = [csrf_of(browser) for browser in browsers]
    together = threading.Barrier(6)

    def sign_in(index):
        together.wait()
        return answered(lambda: post_login(browsers[index], tokens[index], staff, code)).status_code

    with ThreadPoolExecutor(6) as pool:
        statuses = sorted(pool.map(sign_in, range(6)))
    # Before, the last step used was read, compared and written back: two at once both got in.
    assert statuses == [303] + [401] * 5
    assert open_sessions(db_app) == 1
