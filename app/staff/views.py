"""The staff inbox."""

from flask import Blueprint, abort

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
def inbox():
    abort(404)


def init_app(app) -> None:
    pass
