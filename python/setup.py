# SPDX-License-Identifier: Apache-2.0
"""Build hooks of the wheel (the metadata is in pyproject.toml): the wheel carries the shared
library libwaypoint-c next to the package, and is tagged for this platform (the library is native
code) but any Python 3 (the binding is pure ctypes)."""
import os
import pathlib
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py
from wheel.bdist_wheel import bdist_wheel

HERE = pathlib.Path(__file__).resolve().parent
NAME = "libwaypoint-c.so.0"


def library() -> pathlib.Path:
    """$WAYPOINT_LIBRARY, else the release build of the checkout, else its test build."""
    candidates = [os.environ.get("WAYPOINT_LIBRARY")] + [str(HERE.parent / tree / "lib" / NAME) for tree in ("build-release", "build")]
    for c in candidates:
        if c and pathlib.Path(c).is_file():
            return pathlib.Path(c)
    raise SystemExit("libwaypoint-c.so.0 not found: build it (cmake --build build-release --target waypoint_c) "
                     "or set WAYPOINT_LIBRARY to its path. Tried: " + ", ".join(c for c in candidates if c))


class BuildWithLibrary(build_py):
    def run(self):
        super().run()
        target = pathlib.Path(self.build_lib) / "waypoint" / NAME
        shutil.copyfile(library(), target)  # the real file, not a symlink


class PlatformWheel(bdist_wheel):
    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False  # native code inside: install to platlib, tag for the platform

    def get_tag(self):
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(cmdclass={"build_py": BuildWithLibrary, "bdist_wheel": PlatformWheel})
