"""tema's terminal UI (Textual). The only package that imports textual.

Entry point: ``tema.tui.app.make_app(store_or_path, coder=None)`` (a project path or URL,
an open Store, or a tema.domain.workspace.Workspace). The TUI reaches the project only
through the Workspace gateway — by ids, with plain results — and never imports the store
package or the ORM (tests/tui/test_boundary.py).
"""
