"""The pipeline's test step describes the target under test in SMUS_* variables."""
import os
import re

import pytest


@pytest.mark.parametrize(
    "name",
    ["SMUS_DOMAIN_ID", "SMUS_DOMAIN_NAME", "SMUS_PROJECT_ID", "SMUS_PROJECT_NAME", "SMUS_TARGET_NAME", "SMUS_REGION"],
)
def test_variable_is_set(name):
    assert os.environ.get(name), f"{name} is not set"


def test_ids_have_datazone_shapes():
    assert re.fullmatch(r"dzd[-_][a-zA-Z0-9_-]{1,36}", os.environ.get("SMUS_DOMAIN_ID", ""))
    assert re.fullmatch(r"[a-zA-Z0-9_-]{1,36}", os.environ.get("SMUS_PROJECT_ID", ""))


def test_project_matches_the_target():
    # Every project in this pipeline is named <target>-sales-etl.
    assert os.environ.get("SMUS_PROJECT_NAME") == f"{os.environ.get('SMUS_TARGET_NAME')}-sales-etl"
