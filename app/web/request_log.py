"""The development server's request log, without the visitor's address: Steady keeps no IP
address anywhere, logs included. (Under gunicorn, leave %(h)s out of --access-logformat.)"""

import logging
import re

# Werkzeug's request lines begin with the address: '127.0.0.1 - - [date] "GET / HTTP/1.1" 200 -'.
LEADING_ADDRESS = re.compile(r"^\S+ - - \[")


class ForgetAddresses(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = LEADING_ADDRESS.sub("- - - [", record.msg)
        return True


def init_app(_app) -> None:
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, ForgetAddresses) for f in werkzeug.filters):
        werkzeug.addFilter(ForgetAddresses())
