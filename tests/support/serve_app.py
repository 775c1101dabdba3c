"""Serve the app for browser tests and benchmarks:
`python -m tests.support.serve_app PORT [FAIL_PATH]`.

FAIL_PATH, when given, answers 500 for that one path: how the tests break an update on purpose.
"POST /path" breaks only posts to it; "/path*" breaks every path that begins so (a bundle of
the worker, whatever its version). "ALTER /path" answers it, uncompressed, with one letter
changed and its length kept: a response that is not the server's, which only a check of its
bytes can tell.
Configuration comes from FLASK_* variables, as for `flask run`.
"""

import sys

from werkzeug.serving import run_simple

from app import create_app, db
from app.parts import parts


def failing(app, fail_path: str):
    method, _, path = fail_path.rpartition(" ")
    prefix = path.removesuffix("*") if path.endswith("*") else None

    def broken(asked: str) -> bool:
        return asked.startswith(prefix) if prefix is not None else asked == path

    def wrapped(environ, start_response):
        if not broken(environ.get("PATH_INFO", "")):
            return app(environ, start_response)
        if method == ALTER:
            return altered(app, environ, start_response)
        if method in ("", environ["REQUEST_METHOD"]):
            start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")])
            return [b"broken on purpose by the test"]
        return app(environ, start_response)

    return wrapped


ALTER = "ALTER"


def altered(app, environ, start_response):
    answer = {}

    def keep(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    body = b"".join(app({**environ, "HTTP_ACCEPT_ENCODING": "identity"}, keep))
    at = body.rfind(b"Steady")
    assert at >= 0, "nothing to alter"
    start_response(answer["status"], answer["headers"])
    return [body[:at] + b"s" + body[at + 1 :]]


if __name__ == "__main__":
    port = int(sys.argv[1])
    application = create_app()
    db.upgrade(parts(application).engine)
    if len(sys.argv) > 2:
        application = failing(application, sys.argv[2])
    run_simple("127.0.0.1", port, application, threaded=True)
