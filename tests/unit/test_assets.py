"""The scripts and styles as a phone downloads them: shortened, never changed in meaning."""

from calmjs.parse import es5
from calmjs.parse.asttypes import ExprStatement, FunctionCall, VarStatement

from app.config import PROJECT_ROOT
from app.web.assets import EVERY_PAGE_PARTS, EVERY_PAGE_SCRIPT, load_assets

STATIC = PROJECT_ROOT / "static"
WORKER = PROJECT_ROOT / "service_worker"


def test_every_page_script_runs_each_part_as_a_statement_of_its_own():
    """Joined, each part stays a statement: no part's function becomes a call on the last value
    of the part before it (a shortened script ends without its ";")."""
    script = load_assets(STATIC, WORKER)[EVERY_PAGE_SCRIPT].body.decode()
    program = es5(script)
    statements = [node for node in program.children() if str(node).strip(" ;")]
    assert isinstance(statements[0], VarStatement)  # the protocol: STEADY_PROTOCOL
    calls = statements[1:]
    assert len(calls) == len(EVERY_PAGE_PARTS)
    assert all(isinstance(s, ExprStatement) and isinstance(s.expr, FunctionCall) for s in calls)


def test_local_names_are_shortened_and_shared_names_kept():
    assets = load_assets(STATIC, WORKER)
    script = assets[EVERY_PAGE_SCRIPT].body.decode()
    assert "var STEADY_PROTOCOL=" in script and "window.steadyTexts" in script
    assert "fromBrowserLanguage" not in script  # a function's own name, shortened
    source = sum(len((STATIC / part).read_bytes()) for part in EVERY_PAGE_PARTS)
    assert len(script) < source / 2
