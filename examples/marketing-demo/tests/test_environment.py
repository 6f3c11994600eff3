"""The pipeline's test step passes the target it tests through SMUS_* variables.

The SMUS CLI passed SMUS_DOMAIN_ID and SMUS_PROJECT_ID empty (it read the wrong keys); these tests
make sure they are set and look like DataZone IDs.
"""
import os
import re

import pytest

REQUIRED = [
    "SMUS_DOMAIN_ID",
    "SMUS_DOMAIN_NAME",
    "SMUS_PROJECT_ID",
    "SMUS_PROJECT_NAME",
    "SMUS_TARGET_NAME",
    "SMUS_REGION",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_variable_is_set(name):
    assert os.environ.get(name), f"{name} is not set"


def test_domain_id_looks_like_a_datazone_domain_id():
    assert re.fullmatch(r"dzd[-_][a-zA-Z0-9_-]{1,36}", os.environ.get("SMUS_DOMAIN_ID", ""))


def test_project_id_looks_like_a_datazone_id():
    assert re.fullmatch(r"[a-zA-Z0-9_-]{1,36}", os.environ.get("SMUS_PROJECT_ID", ""))


def test_region_is_an_aws_region():
    assert re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d+", os.environ.get("SMUS_REGION", ""))


def test_target_is_one_of_the_manifest_targets():
    assert os.environ.get("SMUS_TARGET_NAME") in {"dev", "test", "prod"}
