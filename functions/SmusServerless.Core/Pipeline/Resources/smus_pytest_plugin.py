"""The smus_config fixture for a bundle's app tests, as smus-cli's generated conftest.py gives it.

The pipeline loads this module with `pytest -p smus_pytest_plugin` from a directory of its own: nothing is written
into the tests folder, a conftest.py there keeps working, and one that defines smus_config overrides this one.
"""
import json
import os

import pytest


@pytest.fixture(scope="session")
def smus_config():
    """The deployed target: region, account_id, project_id, project_name, domain_id, domain_name, target_name, env."""
    path = os.environ.get("SMUS_TEST_CONFIG")
    if not path:
        pytest.fail("SMUS_TEST_CONFIG is not set: smus_config exists when the pipeline runs the tests")
    with open(path, encoding="utf-8") as config:
        return json.load(config)


def pytest_configure(config):
    # Offline the runner sets AWS_ENDPOINT_URL to the local stack; botocore before 1.31 ignores that variable, so
    # clients made without an endpoint get it here. Without the variable (on AWS) nothing changes.
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return
    try:
        import botocore.session
    except ImportError:
        return
    create_client = botocore.session.Session.create_client
    if getattr(create_client, "_smus_endpoint", False):
        return

    def create_client_with_endpoint(self, service_name, *args, **kwargs):
        # endpoint_url is create_client's fifth parameter after service_name.
        if len(args) < 5 and kwargs.get("endpoint_url") is None:
            kwargs["endpoint_url"] = endpoint
        return create_client(self, service_name, *args, **kwargs)

    create_client_with_endpoint._smus_endpoint = True
    botocore.session.Session.create_client = create_client_with_endpoint
