"""``python -m tema``: the same as the ``tema`` console script (useful where scripts are not on PATH)."""

from tema.main import main

if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess in tests/test_entry_point.py
    main()
