"""The yardstick: a bare Flask handler returning a constant string."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def constant():
    return "Hello"
