"""Makes the bundled src/ importable: tests and src sit side by side in the bundle's storage/."""
import pathlib
import sys

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
if SRC.is_dir():
    sys.path.insert(0, str(SRC))
