"""Domain layer: plain functions over a SQLAlchemy session, one transaction per user action."""
