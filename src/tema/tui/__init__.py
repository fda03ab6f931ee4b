"""tema's terminal UI (Textual). The only package that imports textual.

Entry point: ``tema.tui.app.make_app(store_or_path, coder=None)``.
"""
