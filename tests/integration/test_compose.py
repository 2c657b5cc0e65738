"""docker-compose.yml is valid for a user with Docker, and runs the commands tocsin has."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from services.cli import app
from tests.conftest import ROOT

pytestmark = pytest.mark.operators


def test_compose_file_passes_docker_compose_config() -> None:
    if shutil.which("docker-compose") is None:
        pytest.fail("docker-compose is missing: run deploy/operators/install.sh")
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True, text=True, env={"TOCSIN_TOKEN": "x" * 32, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr


def test_every_tocsin_service_runs_a_command_the_cli_has() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    commands = {command.name or command.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
                for command in app.registered_commands}
    for name, service in compose["services"].items():
        command = service.get("command")
        if isinstance(command, list) and service.get("image", "").startswith("tocsin"):
            assert command[0] in commands, f"{name} runs `tocsin {command[0]}`, which does not exist"
