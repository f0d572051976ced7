# SPDX-License-Identifier: Apache-2.0
"""Fixtures: the flagship example, the CLI of the same build, and a small plan."""
import os
import pathlib

import pytest

import waypoint

SOURCE_DIR = pathlib.Path(os.environ.get("WAYPOINT_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
FLAGSHIP = SOURCE_DIR / "examples" / "ccm_action_plan"
AS_OF = "2029-06-30"

MINI_YAML = (SOURCE_DIR / "tests" / "capi" / "mini.yaml").read_text()  # shared with the C tests

# As of 2029-06-30 (the same statuses the C tests check).
MINI_STATUSES = {("B1", "LAO"): "achieved", ("O1", "IRQ"): "on_track", ("P1", "*"): "on_track",
                 ("P2", "IRQ"): "needs_acceleration", ("P2", "LAO"): "on_track", ("Q1", "LAO"): "not_applicable"}


@pytest.fixture(scope="session")
def flagship_plan():
    return waypoint.Plan.load(FLAGSHIP / "plan.yaml")


@pytest.fixture(scope="session")
def flagship_obs():
    return waypoint.Observations.from_csv(FLAGSHIP / "observations.csv")


@pytest.fixture(scope="session")
def flagship_eval(flagship_plan, flagship_obs):
    return flagship_plan.evaluate(flagship_obs, as_of=AS_OF)


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("WAYPOINT_CLI")
    if not path:
        pytest.fail("WAYPOINT_CLI is not set: CTest sets it to the waypoint command of the same build")
    return path


@pytest.fixture
def mini_plan():
    return waypoint.Plan.from_string(MINI_YAML, "yaml", "mini.yaml")
