"""The API against its own OpenAPI schema: schemathesis generates requests from the schema (valid and
invalid), sends them to the in-process app, and runs all its checks on every answer: no 500, status
codes, content types, headers and bodies as documented, invalid data refused, valid data accepted, the
token required. The number of examples is bounded (EVENTWIRE_SCHEMA_EXAMPLES) and derandomized."""

from __future__ import annotations

import os
import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from eventwire.web.app import WebSettings, create_app
from tests.conftest import REPO

CONFIG = REPO / "schemathesis.toml"
EXAMPLES = int(os.environ.get("EVENTWIRE_SCHEMA_EXAMPLES", "25"))
TOKEN = "schema-token"


@pytest.fixture(scope="module")
def api_schema(web_store, tmp_path_factory, borders_cache, coder_and_preparation):
    db = tmp_path_factory.mktemp("schema") / "copy.duckdb"
    shutil.copy(web_store, db)
    app = create_app(WebSettings(db=db, ingest_token=TOKEN, cache_dir=borders_cache))
    app.state.web.coder = coder_and_preparation
    yield schemathesis.openapi.from_asgi("/openapi.json", app, config=schemathesis.Config.from_path(str(CONFIG)))
    app.state.web.connection.close()


def all_checks():
    """Every check schemathesis has, as `schemathesis run --checks all` runs them."""
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    return CHECKS.get_all()


def check_operation(operation, mode, checks) -> bool:
    """Run the checks on generated requests; False when this mode cannot make a request for the operation
    (no parameter can be invalid: nothing to send in negative mode)."""

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=checks)

    try:
        check()
    except Unsatisfiable:
        return False
    return True


# Valid requests must be answered as documented; invalid ones refused with a documented 4xx.
@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda mode: mode.value)
def test_every_answer_matches_the_schema(api_schema, mode):
    checks = all_checks()
    assert len(checks) >= 10
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15, "every API route is in the schema"
    checked = [operation.label for operation in operations if check_operation(operation, mode, checks)]
    assert len(checked) >= (15 if mode == schemathesis.GenerationMode.POSITIVE else 8), checked
